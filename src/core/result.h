#pragma once

// Errors are values: a message that says what was wrong and, where it helps, where (a JSON field path,
// a "line:column", a byte offset). Result<T> carries either a value or such an error.

#include <QString>

#include <utility>
#include <variant>

namespace assay {

struct Error {
    QString message; // what was wrong, in words a person can act on
    QString where;   // optional location: "start_time", "rubric.fields[2].options", "1:17"

    QString toString() const { return where.isEmpty() ? message : where + QStringLiteral(": ") + message; }
    Error prefixed(const QString &outer) const
    {
        return {message, where.isEmpty() ? outer : outer + QLatin1Char('.') + where};
    }
};

template<typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_state); }
    T &value() & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

} // namespace assay
