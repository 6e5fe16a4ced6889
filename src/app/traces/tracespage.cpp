#include "tracespage.h"

#include "addtoqueuedialog.h"
#include "exports/exportdialog.h"
#include "rundetailsdialog.h"

#include "models/projectlistmodel.h"
#include "models/runtablemodel.h"
#include "traces/filtercheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStringListModel>
#include <QTableView>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

constexpr int kHistory = 20;
const auto kHistoryKey = "traces/filters"_L1;

// The filter with the character at the mistake's column marked, for the line under the bar.
QString markedFilter(const QString &filter, const client::FilterProblem &problem)
{
    const QString line = filter.section(u'\n', problem.line - 1, problem.line - 1);
    const int at = std::min<int>(problem.column - 1, int(line.size()));
    const QString mark = at < line.size() ? line.mid(at, 1).toHtmlEscaped() : u"&nbsp;"_s;
    return u"<code>%1<span style='background:#f4b4b4'>%2</span>%3</code>"_s.arg(
        line.left(at).toHtmlEscaped(), mark, line.mid(at + 1).toHtmlEscaped());
}

} // namespace

TracesPage::TracesPage(client::ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_projects(new client::ProjectListModel(api, this))
    , m_runs(new client::RunTableModel(api, this))
    , m_project(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_rootsOnly(new QCheckBox(tr("&Root runs only"), this))
    , m_problem(new QLabel(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_addToQueue(new QPushButton(tr("Add to &queue…"), this))
    , m_export(new QPushButton(tr("E&xport reviewed…"), this))
    , m_history(new QStringListModel(QSettings().value(kHistoryKey).toStringList(), this))
{
    m_project->setModel(m_projects);
    m_project->setMinimumContentsLength(20);
    m_filter->setPlaceholderText(tr("Filter, e.g. metadata.eval_score < 0.5 — Enter applies it"));
    m_filter->setClearButtonEnabled(true);
    auto *completer = new QCompleter(m_history, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_filter->setCompleter(completer);
    m_rootsOnly->setChecked(true);
    m_problem->setTextFormat(Qt::RichText);
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_table->setModel(m_runs);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_addToQueue->setToolTip(tr("The selected runs, or every run matching the filter"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(client::RunTableModel::Start, Qt::DescendingOrder);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // a million rows, one height
    m_table->setWordWrap(false); // one line a run: errors and chips in full in their tooltips
    const int em = fontMetrics().horizontalAdvance(u'M');
    for (const auto &[column, ems] : {std::pair{client::RunTableModel::Name, 16},
                                      {client::RunTableModel::Start, 16},
                                      {client::RunTableModel::Latency, 6},
                                      {client::RunTableModel::Tokens, 6},
                                      {client::RunTableModel::Error, 18}})
        m_table->setColumnWidth(column, ems * em);

    auto *bar = new QHBoxLayout;
    auto *projectLabel = new QLabel(tr("&Project:"), this);
    projectLabel->setBuddy(m_project);
    auto *filterLabel = new QLabel(tr("F&ilter:"), this);
    filterLabel->setBuddy(m_filter);
    bar->addWidget(projectLabel);
    bar->addWidget(m_project);
    bar->addWidget(filterLabel);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_rootsOnly);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_problem);
    layout->addWidget(m_table, 1);
    auto *foot = new QHBoxLayout;
    foot->addWidget(m_status, 1);
    foot->addWidget(m_addToQueue);
    foot->addWidget(m_export);
    layout->addLayout(foot);
    connect(m_addToQueue, &QPushButton::clicked, this, &TracesPage::addToQueue);
    connect(m_export, &QPushButton::clicked, this, &TracesPage::exportRuns);
    m_export->setToolTip(tr("The queue items of the runs matching the filter, with their answers"));

    connect(m_table, &QTableView::activated, this, &TracesPage::openRun);
    connect(m_filter, &QLineEdit::textChanged, this, &TracesPage::checkAsTyped);
    connect(m_filter, &QLineEdit::returnPressed, this, &TracesPage::apply);
    connect(m_rootsOnly, &QCheckBox::toggled, this, &TracesPage::apply);
    connect(m_project, &QComboBox::currentIndexChanged, this, &TracesPage::apply);
    connect(m_projects, &client::ProjectListModel::failed, m_status, &QLabel::setText);
    connect(m_runs, &client::RunTableModel::pageFailed, this, [this](const QString &message) {
        m_problem->setText(message.toHtmlEscaped());
        m_problem->show();
    });
    connect(m_runs, &client::RunTableModel::pageLoaded, this, [this] {
        m_status->setText(m_runs->canFetchMore({})
                              ? tr("%n run(s) shown; scroll for more", nullptr, m_runs->rowCount())
                              : tr("%n run(s)", nullptr, m_runs->rowCount()));
    });
}

void TracesPage::refresh()
{
    m_projects->reload();
}

void TracesPage::checkAsTyped()
{
    const auto problem = client::checkFilter(m_filter->text());
    m_problem->setVisible(bool(problem));
    if (problem)
        m_problem->setText(
            u"%1<br>%2"_s.arg(problem->toString().toHtmlEscaped(), markedFilter(m_filter->text(), *problem)));
}

void TracesPage::apply()
{
    if (client::checkFilter(m_filter->text()) || m_project->currentIndex() < 0)
        return; // the mistake is shown under the bar already
    const auto id = Uuid::parse(m_project->currentData(client::ProjectListModel::IdRole).toString());
    if (!id)
        return;
    m_problem->hide();
    remember(m_filter->text().trimmed());
    client::RunTableQuery query = m_runs->query();
    query.projectId = *id;
    query.filter = m_filter->text().trimmed();
    query.rootsOnly = m_rootsOnly->isChecked();
    m_runs->setQuery(query);
}

void TracesPage::remember(const QString &filter)
{
    if (filter.isEmpty())
        return;
    QStringList history = m_history->stringList();
    history.removeAll(filter);
    history.prepend(filter);
    history = history.mid(0, kHistory);
    m_history->setStringList(history);
    QSettings().setValue(kHistoryKey, history);
}

QList<Uuid> TracesPage::selectedRuns() const
{
    QList<Uuid> ids;
    for (const QModelIndex &row : m_table->selectionModel()->selectedRows())
        if (const Uuid id = m_runs->rowAt(row.row()).id; !id.isNull()) // rows not loaded are not chosen
            ids.append(id);
    return ids;
}

void TracesPage::addToQueue()
{
    if (m_runs->query().projectId.isNull())
        return;
    AddToQueueDialog dialog(m_api, selectedRuns(), m_runs->query(), this);
    connect(&dialog, &AddToQueueDialog::added, this, [this](const QString &outcome) {
        m_status->setText(outcome);
        m_runs->refreshQueues();
    });
    if (onDialog)
        onDialog(dialog);
    else
        dialog.exec();
}

void TracesPage::exportRuns()
{
    const client::RunTableQuery &query = m_runs->query();
    if (query.projectId.isNull())
        return;
    ExportDialog dialog(
        m_api, client::ExportSource::project(query.projectId, m_project->currentText(), query.filter), this);
    if (onExport)
        onExport(dialog);
    else
        dialog.exec();
}

void TracesPage::openRun(const QModelIndex &index)
{
    if (m_runs->rowAt(index.row()).id.isNull())
        return; // still on its way
    auto *dialog = new RunDetailsDialog(m_api, m_runs->rowAt(index.row()).run, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace assay::app
