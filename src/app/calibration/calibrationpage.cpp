#include "calibrationpage.h"

#include "startrounddialog.h"

#include "lead/queuepicker.h"

#include "calibration/roundtablemodels.h"
#include "health/tablecsv.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace assay::app {

namespace {

QTableView *tableFor(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(true);
    return view;
}

} // namespace

CalibrationPage::CalibrationPage(client::ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_picker(new QueuePicker(api, this))
    , m_rounds(new QComboBox(this))
    , m_start(new QPushButton(tr("Start a ne&w round…"), this))
    , m_close(new QPushButton(tr("Close the roun&d"), this))
    , m_progress(new QLabel(this))
    , m_agreementModel(new client::AgreementTableModel(this))
    , m_adjudicationModel(new client::AdjudicationModel(this))
    , m_agreement(tableFor(m_agreementModel, this))
    , m_adjudication(tableFor(m_adjudicationModel, this))
    , m_status(new QLabel(this))
{
    auto *top = new QHBoxLayout;
    auto *queueLabel = new QLabel(tr("&Queue:"), this);
    queueLabel->setBuddy(m_picker);
    auto *roundLabel = new QLabel(tr("R&ound:"), this);
    roundLabel->setBuddy(m_rounds);
    m_rounds->setMinimumContentsLength(24);
    top->addWidget(queueLabel);
    top->addWidget(m_picker, 1);
    top->addWidget(roundLabel);
    top->addWidget(m_rounds, 1);
    top->addWidget(m_start);
    top->addWidget(m_close);
    m_progress->setWordWrap(true);

    auto *copyAgreement = new QPushButton(tr("Copy as CSV"), this);
    auto *agreementBox = new QGroupBox(tr("Agreement per rubric field"), this);
    auto *agreementLayout = new QVBoxLayout(agreementBox);
    agreementLayout->addWidget(m_agreement);
    agreementLayout->addWidget(copyAgreement, 0, Qt::AlignRight);
    auto *copyItems = new QPushButton(tr("Copy as CSV"), this);
    auto *itemsBox = new QGroupBox(tr("Items with the most disagreement"), this);
    auto *itemsLayout = new QVBoxLayout(itemsBox);
    itemsLayout->addWidget(m_adjudication);
    itemsLayout->addWidget(copyItems, 0, Qt::AlignRight);
    auto *tables = new QSplitter(Qt::Vertical, this);
    tables->addWidget(agreementBox);
    tables->addWidget(itemsBox);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(tables, 1);
    layout->addWidget(m_status);

    connect(m_picker, &QueuePicker::queueChosen, this, &CalibrationPage::load);
    connect(m_picker, &QueuePicker::failed, m_status, &QLabel::setText);
    connect(m_rounds, &QComboBox::currentIndexChanged, this, &CalibrationPage::roundChosen);
    connect(m_start, &QPushButton::clicked, this, &CalibrationPage::startRound);
    connect(m_close, &QPushButton::clicked, this, &CalibrationPage::closeRound);
    connect(copyAgreement, &QPushButton::clicked, this, &CalibrationPage::copyAgreementAsCsv);
    connect(copyItems, &QPushButton::clicked, this, &CalibrationPage::copyAdjudicationAsCsv);
    m_close->setEnabled(false);
}

void CalibrationPage::refresh()
{
    m_picker->reload();
    if (auto queue = m_picker->currentQueue())
        load(*queue);
}

void CalibrationPage::load(const Uuid &queue)
{
    m_queue = queue;
    const quint64 generation = ++m_generation;
    client::listCalibrationRounds(
        m_api, queue, [this, generation](Result<QList<client::CalibrationRoundData>> rounds) {
            if (generation != m_generation)
                return;
            if (!rounds) {
                showError(tr("Could not load the rounds"), rounds.error());
                return;
            }
            m_roundList = *rounds;
            const QSignalBlocker quiet(m_rounds);
            m_rounds->clear();
            for (const client::CalibrationRoundData &r : std::as_const(m_roundList))
                m_rounds->addItem(r.open ? tr("%1 — open").arg(r.title()) : r.title());
            if (m_roundList.isEmpty()) {
                showRound({});
                m_progress->setText(tr("No calibration round yet. Start one: every "
                                       "reviewer scores the same items."));
                emit loaded();
                return;
            }
            m_rounds->setCurrentIndex(0); // the newest
            roundChosen();
        });
}

void CalibrationPage::roundChosen()
{
    const int row = m_rounds->currentIndex();
    if (!m_queue || row < 0 || row >= m_roundList.size())
        return;
    const quint64 generation = ++m_generation;
    client::fetchCalibrationRound(m_api, *m_queue, m_roundList[row].id,
                                  [this, generation](Result<client::CalibrationRoundData> round) {
                                      if (generation != m_generation)
                                          return;
                                      if (!round) {
                                          showError(tr("Could not load the round"), round.error());
                                          return;
                                      }
                                      showRound(*round);
                                      emit loaded();
                                  });
}

void CalibrationPage::showRound(const client::CalibrationRoundData &round)
{
    m_close->setEnabled(round.open && !round.id.isEmpty());
    m_start->setEnabled(std::none_of(m_roundList.cbegin(), m_roundList.cend(),
                                     [](const client::CalibrationRoundData &r) { return r.open; }));
    m_agreementModel->setRound(round);
    m_adjudicationModel->setRound(round);
    QStringList who;
    for (const QString &reviewer : round.reviewers)
        who.append(tr("%1 %2/%3")
                       .arg(round.nameOf(reviewer))
                       .arg(round.answeredBy.value(reviewer))
                       .arg(round.items));
    const QString answered =
        tr("%1 of %2 answers (%3)").arg(round.answered).arg(round.expected).arg(who.join(u", "));
    m_progress->setText(round.open
                            ? tr("Open: %1. The answers stay blind until you close the round.").arg(answered)
                            : tr("Closed: %1.").arg(answered));
}

void CalibrationPage::startRound()
{
    if (!m_queue)
        return;
    StartRoundDialog dialog(this);
    const bool start = onStart ? onStart(dialog) : dialog.exec() == QDialog::Accepted;
    if (!start)
        return;
    const Uuid queue = *m_queue;
    client::startCalibrationRound(
        m_api, queue, dialog.name(), {dialog.runIds(), dialog.size(), dialog.seed()},
        [this, queue](Result<client::CalibrationRoundData> round) {
            if (!round) {
                showError(tr("The round was not started"), round.error());
                return;
            }
            m_status->setText(tr("Round started with %n item(s).", "", round->items));
            load(queue);
        });
}

void CalibrationPage::closeRound()
{
    const int row = m_rounds->currentIndex();
    if (!m_queue || row < 0 || row >= m_roundList.size() || !m_roundList[row].open)
        return;
    const client::CalibrationRoundData &round = m_roundList[row];
    const QString question = tr("Close the round? Its answers become feedback everyone can read, and answers "
                                "that arrive later are not part of it. %1 of %2 answers are in.")
                                 .arg(round.answered)
                                 .arg(round.expected);
    const bool yes = confirm
                         ? confirm(question)
                         : QMessageBox::question(this, tr("Close the round"), question) == QMessageBox::Yes;
    if (!yes)
        return;
    const Uuid queue = *m_queue;
    client::closeCalibrationRound(m_api, queue, round.id,
                                  [this, queue](Result<client::CalibrationRoundData> closed) {
                                      if (!closed) {
                                          showError(tr("The round was not closed"), closed.error());
                                          return;
                                      }
                                      m_status->setText(tr("Round closed."));
                                      load(queue);
                                  });
}

void CalibrationPage::showError(const QString &what, const Error &error)
{
    m_status->setText(tr("%1: %2").arg(what, error.message));
}

void CalibrationPage::copyAgreementAsCsv()
{
    QApplication::clipboard()->setText(client::tableToCsv(*m_agreementModel));
    m_status->setText(tr("The agreement table is on the clipboard as CSV."));
}

void CalibrationPage::copyAdjudicationAsCsv()
{
    QApplication::clipboard()->setText(client::tableToCsv(*m_adjudicationModel));
    m_status->setText(tr("The items table is on the clipboard as CSV."));
}

} // namespace assay::app
