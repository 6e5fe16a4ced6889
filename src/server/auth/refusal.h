#pragma once

// Why an administrative change was not made, in terms the REST layer maps to a status (400, 404, 409)
// and the CLI prints as it is. The store failing is not a refusal: that is the Result's error.

#include "core/result.h"

namespace assay::server {

enum class Refusal {
    None,     // done
    Invalid,  // the request is wrong: error.where names the field
    Unknown,  // what it names does not exist
    Conflict, // it exists, but the change cannot be made in its current state
};

template<typename T>
struct Decision {
    Refusal refusal = Refusal::None;
    Error error; // for a refusal
    T value;     // when done

    bool done() const { return refusal == Refusal::None; }
    static Decision refused(Refusal why, QString message, QString where = {})
    {
        return Decision{why, Error{std::move(message), std::move(where)}, T{}};
    }
};

} // namespace assay::server
