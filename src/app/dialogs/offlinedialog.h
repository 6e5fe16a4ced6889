#pragma once

// "Take N items offline": how many items of a queue to check out, and for how long they stay mine, before
// a train ride or a flight. The sync engine does the checkout; this only asks.

#include <QDialog>

class QSpinBox;

namespace assay::app {

class OfflineDialog : public QDialog {
    Q_OBJECT
public:
    OfflineDialog(const QString &queueName, int readyNow, QWidget *parent = nullptr);
    int items() const;
    int leaseMinutes() const;
    void setChoice(int items, int hours); // for tests

private:
    QSpinBox *m_items;
    QSpinBox *m_hours;
};

} // namespace assay::app
