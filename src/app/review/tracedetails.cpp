#include "tracedetails.h"

#include "models/runtreemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>

namespace assay::app {

using namespace Qt::StringLiterals;

TraceDetails::TraceDetails(client::RunTreeModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_tree(new QTreeView(this))
    , m_json(new QPlainTextEdit(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_tree->setModel(&m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_json->setReadOnly(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setFont(QFont(u"monospace"_s));
    m_json->setPlaceholderText(tr("Pick a run to see its inputs and outputs."));
    split->addWidget(m_tree);
    split->addWidget(m_json);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showRun(current); });
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        m_tree->setCurrentIndex(m_model.index(0, 0));
    });
}

void TraceDetails::showRun(const QModelIndex &index)
{
    const QJsonObject run = index.data(client::RunTreeModel::RunRole).toJsonObject();
    if (run.isEmpty()) {
        m_json->clear();
        return;
    }
    QJsonObject shown;
    for (const char *key : {"name", "run_type", "inputs", "outputs", "error", "start_time", "end_time",
                            "prompt_tokens", "completion_tokens", "total_tokens"})
        if (run.contains(QLatin1StringView(key)))
            shown.insert(QLatin1StringView(key), run.value(QLatin1StringView(key)));
    m_json->setPlainText(QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Indented)));
}

} // namespace assay::app
