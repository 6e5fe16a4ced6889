#include "filtercheck.h"

#include "core/filter/compiledfilter.h"

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

QString FilterProblem::toString() const
{
    return u"filter:%1:%2: %3"_s.arg(line).arg(column).arg(message);
}

std::optional<FilterProblem> checkFilter(const QString &filter)
{
    if (filter.trimmed().isEmpty())
        return std::nullopt;
    auto compiled = filter::CompiledFilter::compile(filter);
    if (compiled)
        return std::nullopt;
    FilterProblem problem;
    problem.message = compiled.error().message;
    const QStringList where = compiled.error().where.split(u':'); // "line:column"
    if (where.size() == 2) {
        problem.line = std::max(1, where.at(0).toInt());
        problem.column = std::max(1, where.at(1).toInt());
    }
    return problem;
}

} // namespace assay::client
