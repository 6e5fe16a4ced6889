#pragma once

// The rubric designer: the fields in order (add one of each type, remove, move with Alt+Up/Alt+Down),
// the chosen field's settings (key, label, type, required, help text, min/max for a score), its options
// with what each means (edited in place, reordered by drag or Alt+Up/Alt+Down), and the rubric's problems
// and the seed's advice underneath. The model (RubricDesignModel) holds the rubric; this only edits it.

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QTableView;

namespace assay::client {
class RubricDesignModel;
}

namespace assay::app {

class RubricDesigner : public QWidget {
    Q_OBJECT
public:
    explicit RubricDesigner(client::RubricDesignModel &model, QWidget *parent = nullptr);

    QListView *fields() const { return m_fields; }
    QTableView *options() const { return m_options; }
    QLineEdit *keyEdit() const { return m_key; }
    QComboBox *typeBox() const { return m_type; }
    QLabel *problems() const { return m_problems; }

private:
    void showField();  // the current field's settings into the editors
    void storeField(); // the editors into the current field
    void showProblems();
    bool eventFilter(QObject *watched, QEvent *event) override;

    client::RubricDesignModel &m_model;
    QListView *m_fields;
    QLineEdit *m_key;
    QLineEdit *m_label;
    QComboBox *m_type;
    QCheckBox *m_required;
    QPlainTextEdit *m_help;
    QDoubleSpinBox *m_min;
    QDoubleSpinBox *m_max;
    QFormLayout *m_form = nullptr;
    QWidget *m_scale;
    QWidget *m_optionsBox;
    QTableView *m_options;
    QLabel *m_problems;
    bool m_showing = false;
};

} // namespace assay::app
