#include "rundetailsdialog.h"

#include "models/runtablemodel.h"
#include "models/runtreemodel.h"
#include "review/runpresentation.h"
#include "review/runview.h"
#include "review/tracedetails.h"
#include "traces/traceloader.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QSplitter>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

RunDetailsDialog::RunDetailsDialog(client::ApiClient &api, const QJsonObject &run, QWidget *parent)
    : QDialog(parent)
    , m_tree(new client::RunTreeModel(this))
    , m_view(new RunView(this))
    , m_details(new TraceDetails(*m_tree, this))
    , m_feedback(new QListWidget(this))
{
    setWindowTitle(tr("Run %1").arg(run.value("name"_L1).toString()));
    resize(1200, 800);
    m_view->showRun(client::presentRun(run), {});
    m_feedback->addItems(client::feedbackChips(run.value("feedback_stats"_L1).toObject()));
    if (m_feedback->count() == 0)
        m_feedback->addItem(tr("No feedback yet"));

    auto *side = new QSplitter(Qt::Vertical, this);
    side->addWidget(m_details);
    auto *feedbackBox = new QWidget(this);
    auto *feedbackLayout = new QVBoxLayout(feedbackBox);
    feedbackLayout->setContentsMargins(0, 0, 0, 0);
    feedbackLayout->addWidget(new QLabel(tr("Feedback"), feedbackBox));
    feedbackLayout->addWidget(m_feedback);
    side->addWidget(feedbackBox);
    auto *split = new QSplitter(this);
    split->addWidget(m_view);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    // The trace arrives after the dialog opens: the root's view first, its tree and documents then.
    const auto traceId = Uuid::parse(run.value("trace_id"_L1).toString());
    if (!traceId)
        return;
    QPointer<RunDetailsDialog> self(this);
    const QString runId = run.value("id"_L1).toString();
    client::loadTrace(api, *traceId, [self, shown = run, runId](Result<QJsonArray> trace) {
        if (!self || !trace)
            return;
        // The table holds a row's fields only; the trace brings the run whole (inputs, outputs, metadata).
        QJsonObject whole = shown;
        for (const QJsonValue &r : std::as_const(*trace))
            if (r.toObject().value("id"_L1).toString() == runId)
                whole = r.toObject();
        // The runs under this one: their dotted order continues its own (without one, the rest of the trace).
        const QString dotted = whole.value("dotted_order"_L1).toString();
        const QString prefix = dotted.isEmpty() ? QString() : dotted + u'.';
        QJsonArray below;
        for (const QJsonValue &r : std::as_const(*trace))
            if (r.toObject().value("id"_L1).toString() != runId &&
                r.toObject().value("dotted_order"_L1).toString().startsWith(prefix))
                below.append(r);
        self->m_tree->setRuns(whole, below);
        self->m_view->showRun(client::presentRun(whole, below), {});
    });
}

} // namespace assay::app
