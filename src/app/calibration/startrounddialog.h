#pragma once

// What a new calibration round needs: a name, and its items — a sample of the queue's unanswered items
// (how many, and a seed when the lead wants the same sample again) or runs chosen by hand (their ids).

#include <QDialog>

#include <optional>

class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace assay::app {

class StartRoundDialog : public QDialog {
    Q_OBJECT
public:
    explicit StartRoundDialog(QWidget *parent = nullptr);

    QString name() const;
    int size() const;
    std::optional<quint64> seed() const; // none: the server draws one
    QStringList runIds() const;          // chosen by hand: when any, no sample is drawn
    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *sizeSpin() const { return m_size; }
    QLineEdit *seedEdit() const { return m_seed; }
    QPlainTextEdit *runIdsEdit() const { return m_runIds; }

private:
    QLineEdit *m_name;
    QSpinBox *m_size;
    QLineEdit *m_seed;
    QPlainTextEdit *m_runIds;
};

} // namespace assay::app
