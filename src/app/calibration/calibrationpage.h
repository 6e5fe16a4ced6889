#pragma once

// Calibration rounds of one queue (docs/calibration.md): start one (a sample of the queue's unanswered
// items, its size and optionally its seed), follow it (who answered how many; the answers stay blind),
// close it (asked first), and read its agreement per rubric field — with the seed's flag — and the items
// most disagreed on, each reviewer's answer side by side. Both tables copy as CSV.

#include "calibration/calibrationround.h"
#include "core/uuid.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace assay::client {
class ApiClient;
class AdjudicationModel;
class AgreementTableModel;
} // namespace assay::client

namespace assay::app {

class QueuePicker;
class StartRoundDialog;

class CalibrationPage : public QWidget {
    Q_OBJECT
public:
    explicit CalibrationPage(client::ApiClient &api, QWidget *parent = nullptr);

    void refresh();
    void load(const Uuid &queue);
    void startRound();
    void closeRound();

    QueuePicker *picker() const { return m_picker; }
    QComboBox *rounds() const { return m_rounds; }
    QLabel *progress() const { return m_progress; }
    QLabel *status() const { return m_status; }
    QTableView *agreement() const { return m_agreement; }
    QTableView *adjudication() const { return m_adjudication; }
    QPushButton *closeButton() const { return m_close; }
    void copyAgreementAsCsv();
    void copyAdjudicationAsCsv();

    // Tests drive the start dialog (called instead of showing it; true = start) and answer the question
    // before a round is closed.
    std::function<bool(StartRoundDialog &)> onStart;
    std::function<bool(const QString &question)> confirm;

signals:
    void loaded();

private:
    void roundChosen();
    void showRound(const client::CalibrationRoundData &round);
    void showError(const QString &what, const Error &error);

    client::ApiClient &m_api;
    QueuePicker *m_picker;
    QComboBox *m_rounds;
    QPushButton *m_start;
    QPushButton *m_close;
    QLabel *m_progress;
    client::AgreementTableModel *m_agreementModel;
    client::AdjudicationModel *m_adjudicationModel;
    QTableView *m_agreement;
    QTableView *m_adjudication;
    QLabel *m_status;
    QList<client::CalibrationRoundData> m_roundList;
    std::optional<Uuid> m_queue;
    quint64 m_generation = 0;
};

} // namespace assay::app
