#pragma once

// The rubric form, built from RubricFormModel: one field after another, each with its label (a mark when
// required), its description, and an editor for its type — options with their digits for a categorical
// field (per-option descriptions as tooltips), a spin box and slider bounded by min/max for a continuous
// one, a text area for a freeform one — and the field's problem in words beneath it. Tab and Shift+Tab
// move from field to field; the model holds the values, this only draws and edits them.

#include "core/rubric.h"

#include <QList>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QSlider;
class QVBoxLayout;

namespace assay::client {
class RubricFormModel;
}

namespace assay::app {

class RubricForm : public QWidget {
    Q_OBJECT
public:
    explicit RubricForm(client::RubricFormModel &model, QWidget *parent = nullptr);

    // The field that has the keyboard focus, or -1.
    int focusedField() const;
    void focusField(int row);
    // Digits pick an option of the focused field; when no field has focus, of the first categorical
    // field still without an answer. False when there is no such option.
    bool pickOption(int digit);
    // A text area or number box has the focus (keys are text there, not commands).
    bool isTyping() const;
    // Takes the focus out of an editor onto its field, so keys are commands again.
    void leaveTextField();

private:
    struct Field {
        QWidget *frame = nullptr;
        QLabel *error = nullptr;
        QButtonGroup *options = nullptr;
        QDoubleSpinBox *spin = nullptr;
        QSlider *slider = nullptr;
        QPlainTextEdit *text = nullptr;
        double sliderScale = 1;
    };

    void rebuild();
    void markFocusedField();
    void refresh(int row);
    QWidget *focusTarget(int row) const;

    client::RubricFormModel &m_model;
    QVBoxLayout *m_layout = nullptr;
    QList<Field> m_fields;
    QList<RubricField> m_builtFor; // the rubric fields the editors were built for
    bool m_updating = false; // writing the model's values into the editors
};

} // namespace assay::app
