#pragma once

// What the lead's rule editor asks of the server: a dry run of a draft ("would add 37 of the last 1,000
// runs (12 already queued)", with the runs), saving, switching on and off, deleting, and a backfill
// followed until the server's job is done.

#include "api/apiclient.h"
#include "core/routingrule.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace assay::client {

struct DryRunRun {
    Uuid id;
    QString name;
    QString startTime;
    bool alreadyQueued = false; // listed, but not added again
};

struct DryRunResult {
    qint64 evaluated = 0, matched = 0, sampledIn = 0, alreadyQueued = 0, wouldAdd = 0;
    QList<DryRunRun> runs; // up to 100 of those it routes, the ones already queued marked
    // "Would add 37 of the last 1,000 runs (12 already queued)."
    QString summary() const;
};

// Among the last `lastN` completed runs: what the draft would do to its queue. Writes nothing.
void dryRunRule(ApiClient &api, const RoutingRule &draft, int lastN,
                std::function<void(Result<DryRunResult>)> done);
// Creates the rule when its id is null, else changes it; answers the rule as stored.
void saveRule(ApiClient &api, const RoutingRule &rule, std::function<void(Result<RoutingRule>)> done);
void setRuleEnabled(ApiClient &api, const Uuid &ruleId, bool enabled, std::function<void(Status)> done);
void deleteRule(ApiClient &api, const Uuid &ruleId, std::function<void(Status)> done);

// A backfill: started on the server, then read every `pollMs` until it is done or failed.
class BackfillJob : public QObject {
    Q_OBJECT
public:
    BackfillJob(ApiClient &api, int pollMs = 500, QObject *parent = nullptr);
    void start(const Uuid &ruleId, const QDateTime &since);

signals:
    void progress(qint64 processed, qint64 total, qint64 added);
    void finished(bool ok, const QString &message);

private:
    void poll();

    ApiClient &m_api;
    QTimer m_timer;
    QString m_jobId;
};

} // namespace assay::client
