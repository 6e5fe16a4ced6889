#pragma once

// What a new calibration round needs: a name, how many items to sample, and a seed when the lead wants
// the same sample again.

#include <QDialog>

#include <optional>

class QLineEdit;
class QSpinBox;

namespace assay::app {

class StartRoundDialog : public QDialog {
    Q_OBJECT
public:
    explicit StartRoundDialog(QWidget *parent = nullptr);

    QString name() const;
    int size() const;
    std::optional<quint64> seed() const; // none: the server draws one
    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *sizeSpin() const { return m_size; }
    QLineEdit *seedEdit() const { return m_seed; }

private:
    QLineEdit *m_name;
    QSpinBox *m_size;
    QLineEdit *m_seed;
};

} // namespace assay::app
