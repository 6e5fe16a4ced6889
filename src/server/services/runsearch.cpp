#include "runsearch.h"

#include <QElapsedTimer>
#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kScanPage = 250;

// Which runs of one scanned page pass the filters. Each trace is evaluated once, however many of its
// runs are on the page: whether its root passes trace_filter, and which of its runs pass tree_filter
// (a run passes when another run of its tree does). A trace of n runs costs n evaluations, not n².
class PageJudge {
public:
    PageJudge(const RunFilters &filters, QHash<Uuid, QList<Feedback>> feedback,
              QHash<Uuid, QList<Run>> traceRuns)
        : m_filters(filters)
        , m_feedback(std::move(feedback))
        , m_traceRuns(std::move(traceRuns))
    {
    }

    bool passes(const Run &run)
    {
        if (m_filters.filter && !passes(m_filters.filter, run))
            return false;
        if (m_filters.traceFilter && !rootPasses(run.traceId))
            return false;
        if (m_filters.treeFilter) {
            const QSet<Uuid> &matching = treeMatches(run.traceId);
            return matching.size() > (matching.contains(run.id) ? 1 : 0);
        }
        return true;
    }
    // The run's feedback as loaded for the filters (empty when they do not read feedback).
    QList<Feedback> feedbackOf(const Uuid &run) const { return m_feedback.value(run); }

private:
    bool passes(const std::optional<filter::CompiledFilter> &filter, const Run &run) const
    {
        const QList<Feedback> fb = m_feedback.value(run.id);
        return filter->matches(filter::RunView(run, fb));
    }
    bool rootPasses(const Uuid &trace)
    {
        auto known = m_rootPasses.constFind(trace);
        if (known != m_rootPasses.cend())
            return *known;
        const QList<Run> &tree = m_traceRuns[trace];
        const auto root = std::find_if(tree.begin(), tree.end(), [](const Run &r) { return r.isRoot(); });
        return m_rootPasses[trace] = root != tree.end() && passes(m_filters.traceFilter, *root);
    }
    const QSet<Uuid> &treeMatches(const Uuid &trace)
    {
        auto known = m_treeMatches.find(trace);
        if (known != m_treeMatches.end())
            return *known;
        QSet<Uuid> &matching = m_treeMatches[trace];
        for (const Run &other : m_traceRuns[trace])
            if (passes(m_filters.treeFilter, other))
                matching.insert(other.id);
        return matching;
    }

    const RunFilters &m_filters;
    QHash<Uuid, QList<Feedback>> m_feedback;
    QHash<Uuid, QList<Run>> m_traceRuns;
    QHash<Uuid, bool> m_rootPasses;
    QHash<Uuid, QSet<Uuid>> m_treeMatches;
};

} // namespace

bool RunFilters::readsFeedback() const
{
    return (filter && filter->readsFeedback()) || (traceFilter && traceFilter->readsFeedback()) ||
           (treeFilter && treeFilter->readsFeedback());
}

RunSearchService::RunSearchService(Store &store, std::function<bool()> stopping, qint64 budgetMs)
    : m_store(store)
    , m_stopping(std::move(stopping))
    , m_budgetMs(budgetMs)
{
}

Result<Decision<RunPage>> RunSearchService::search(const RunSearch &request)
{
    using Refused = Decision<RunPage>;
    const qsizetype limit = request.limit;
    if (limit < 1 || limit > kMaxLimit)
        return Refused::refused(Refusal::Invalid, u"must be from 1 to %1"_s.arg(kMaxLimit), u"limit"_s);

    // "ids" means exactly these runs: the other arguments are ignored (LangSmith's documented behaviour).
    RunQuery sql = request.query;
    if (!sql.ids.isEmpty()) {
        sql = RunQuery();
        sql.ids = request.query.ids;
        sql.ascending = request.query.ascending;
    }
    // What the filter implies goes to SQL, through indexes; the filter itself still decides each run.
    const RunFilters &filters = request.filters;
    if (filters.filter) {
        sql.narrowings = filters.filter->narrowings();
        auto driving = m_store.selectiveNarrowing(sql.narrowings);
        if (!driving)
            return driving.error();
        sql.drivingNarrowing = *driving;
    }
    // Narrowed in SQL, most rows fetched match: fetch about a page. Otherwise scan in larger steps.
    const qsizetype scanPage = sql.narrowings.isEmpty() ? kScanPage : std::max<qsizetype>(limit, 25);
    std::optional<ListPosition> position = request.after;
    qsizetype legacyOffset = request.offset;
    // A jump into the listing (an o:N cursor): the index says where row N is, and the page seeks there.
    // With narrowings SQL skips N candidates, as such cursors always meant.
    if (legacyOffset > 0 && !position && sql.narrowings.isEmpty()) {
        auto at = m_store.runPositionAt(sql, legacyOffset - 1);
        if (!at)
            return at.error();
        if (!*at) // past the end
            return Refused{Refusal::None, {}, RunPage{}};
        position = *at;
        legacyOffset = 0;
    }
    RunPage out;
    QElapsedTimer clock;
    clock.start();
    while (out.runs.size() < limit) {
        sql.after = position;
        sql.offset = legacyOffset;
        legacyOffset = 0; // an old offset cursor only places the first page
        sql.limit = scanPage;
        auto page = m_store.queryRuns(sql);
        if (!page)
            return page.error();
        QList<Uuid> ids, traces;
        for (const Run &r : *page) {
            ids.append(r.id);
            if (!r.traceId.isNull())
                traces.append(r.traceId);
        }
        QHash<Uuid, QList<Run>> traceRuns;
        if (filters.traceFilter || filters.treeFilter) {
            auto all = m_store.runsOfTraces(traces);
            if (!all)
                return all.error();
            for (const Run &r : *all) {
                traceRuns[r.traceId].append(r);
                ids.append(r.id);
            }
        }
        QHash<Uuid, QList<Feedback>> feedback;
        if (filters.readsFeedback()) {
            auto loaded = m_store.feedbackForRuns(ids);
            if (!loaded)
                return loaded.error();
            feedback = *loaded;
        }
        PageJudge judge(filters, std::move(feedback), std::move(traceRuns));
        qsizetype consumed = 0;
        for (const Run &run : *page) {
            ++consumed;
            position = listingPosition(run);
            if (judge.passes(run)) {
                out.runs.append(run);
                if (filters.readsFeedback())
                    out.feedback.insert(run.id, judge.feedbackOf(run.id));
            }
            if (out.runs.size() == limit)
                break;
        }
        if (out.runs.size() == limit) {
            if (consumed < page->size() || page->size() == scanPage)
                out.next = position;
            break;
        }
        if (page->size() < scanPage)
            break;
        if (clock.elapsed() >= m_budgetMs || m_stopping()) {
            out.next = position; // a partial page: the client goes on from here
            break;
        }
    }

    // The page's feedback (for feedback_stats): already loaded when the filters read it.
    if (!filters.readsFeedback()) {
        QList<Uuid> resultIds;
        for (const Run &r : std::as_const(out.runs))
            resultIds.append(r.id);
        auto feedback = m_store.feedbackForRuns(resultIds);
        if (!feedback)
            return feedback.error();
        out.feedback = *feedback;
    }
    return Refused{Refusal::None, {}, std::move(out)};
}

} // namespace assay::server
