#include "rubricform.h"

#include "models/rubricformmodel.h"

#include <QApplication>
#include <QButtonGroup>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>

#include <cmath>

namespace assay::app {

using namespace Qt::StringLiterals;
using client::RubricFormModel;

namespace {

// Focus shows on the whole field, so the reviewer sees where digits will land.
const QString kFieldStyle = u"QFrame#field { border: 1px solid transparent; border-radius: 6px; }"
                            u"QFrame#field[focused=\"true\"] { border: 1px solid #3182ce; background: #f7fbff; }"_s;

} // namespace

RubricForm::RubricForm(RubricFormModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(6);
    setStyleSheet(kFieldStyle);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &RubricForm::rebuild);
    connect(&m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                for (int row = from.row(); row <= to.row(); ++row)
                    refresh(row);
            });
    connect(qApp, &QApplication::focusChanged, this, &RubricForm::markFocusedField);
    rebuild();
}

void RubricForm::markFocusedField()
{
    const int focused = focusedField();
    for (int row = 0; row < m_fields.size(); ++row) {
        QWidget *frame = m_fields[row].frame;
        if (frame->property("focused").toBool() != (row == focused)) {
            frame->setProperty("focused", row == focused);
            frame->style()->unpolish(frame); // the style sheet reads the property
            frame->style()->polish(frame);
        }
    }
}

void RubricForm::rebuild()
{
    // The next item usually has the same rubric: its editors are reused, only the values change.
    if (m_model.rubric().fields == m_builtFor && m_fields.size() == m_model.rowCount()) {
        for (int row = 0; row < m_fields.size(); ++row)
            refresh(row);
        return;
    }
    m_builtFor = m_model.rubric().fields;
    const QList<Field> old = std::exchange(m_fields, {}); // focus moves while they go: forget them first
    for (const Field &f : old)
        delete f.frame;
    QWidget *previous = nullptr;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        const QModelIndex i = m_model.index(row);
        Field f;
        auto *frame = new QFrame(this);
        frame->setObjectName(u"field"_s);
        frame->setFocusPolicy(Qt::ClickFocus); // Esc from an editor lands here, out of the Tab chain
        f.frame = frame;
        auto *box = new QVBoxLayout(frame);
        box->setContentsMargins(8, 6, 8, 6);
        box->setSpacing(3);
        const bool required = i.data(RubricFormModel::RequiredRole).toBool();
        auto *label = new QLabel(u"<b>%1</b>%2"_s.arg(i.data(RubricFormModel::LabelRole).toString().toHtmlEscaped(),
                                                      required ? u" <span style='color:#c53030;'>*</span>"_s : QString()),
                                 frame);
        label->setToolTip(required ? tr("Required") : tr("Optional"));
        box->addWidget(label);
        const QString description = i.data(RubricFormModel::DescriptionRole).toString();
        if (!description.isEmpty()) {
            auto *d = new QLabel(description, frame);
            d->setWordWrap(true);
            d->setStyleSheet(u"color:#718096;"_s);
            box->addWidget(d);
        }

        const QString type = i.data(RubricFormModel::TypeRole).toString();
        if (type == u"categorical") {
            frame->setFocusPolicy(Qt::StrongFocus); // the field takes Tab; its digits pick
            f.options = new QButtonGroup(frame);
            // One option a line, its digit first and its description beside it: read once, then typed.
            auto *grid = new QGridLayout;
            grid->setHorizontalSpacing(12);
            grid->setVerticalSpacing(2);
            grid->setColumnStretch(1, 1);
            const QVariantList options = i.data(RubricFormModel::OptionsRole).toList();
            for (int o = 0; o < options.size(); ++o) {
                const QVariantMap opt = options[o].toMap();
                const QVariant digit = opt.value(u"digit"_s);
                auto *b = new QRadioButton(
                    digit.isValid() ? u"%1  %2"_s.arg(digit.toInt()).arg(opt.value(u"label"_s).toString())
                                    : opt.value(u"label"_s).toString(),
                    frame);
                b->setFocusPolicy(Qt::NoFocus);
                b->setToolTip(opt.value(u"description"_s).toString());
                f.options->addButton(b, o);
                grid->addWidget(b, o, 0);
                const QString about = opt.value(u"description"_s).toString();
                if (!about.isEmpty()) {
                    auto *d = new QLabel(about, frame);
                    d->setWordWrap(true);
                    d->setStyleSheet(u"color:#718096;"_s);
                    grid->addWidget(d, o, 1);
                }
            }
            box->addLayout(grid);
            connect(f.options, &QButtonGroup::idClicked, this, [this, row](int id) {
                m_model.pickOption(row, id + 1);
                m_fields[row].frame->setFocus(Qt::MouseFocusReason);
            });
        } else if (type == u"continuous") {
            auto *line = new QHBoxLayout;
            f.spin = new QDoubleSpinBox(frame);
            const double min = i.data(RubricFormModel::MinRole).isValid() ? i.data(RubricFormModel::MinRole).toDouble() : 0;
            const double max = i.data(RubricFormModel::MaxRole).isValid() ? i.data(RubricFormModel::MaxRole).toDouble() : 100;
            const double step = i.data(RubricFormModel::StepRole).isValid() ? i.data(RubricFormModel::StepRole).toDouble()
                                                                              : (max - min <= 10 ? 0.1 : 1);
            f.spin->setRange(min, max);
            f.spin->setSingleStep(step);
            f.spin->setDecimals(step < 1 ? int(std::ceil(-std::log10(step))) : 0);
            f.spin->setSpecialValueText(u" "_s); // blank until answered: the minimum shows as empty
            f.spin->setMinimum(min - step);
            f.spin->setValue(min - step);
            f.slider = new QSlider(Qt::Horizontal, frame);
            f.slider->setFocusPolicy(Qt::NoFocus);
            f.sliderScale = 1 / step;
            f.slider->setRange(int(std::lround(min * f.sliderScale)), int(std::lround(max * f.sliderScale)));
            line->addWidget(f.spin);
            line->addWidget(f.slider, 1);
            box->addLayout(line);
            connect(f.spin, &QDoubleSpinBox::valueChanged, this, [this, row, min](double v) {
                if (m_updating)
                    return;
                m_model.setData(m_model.index(row), v < min ? QVariant() : QVariant(v));
            });
            connect(f.slider, &QSlider::valueChanged, this, [this, row](int v) {
                if (!m_updating)
                    m_model.setData(m_model.index(row), double(v) / m_fields[row].sliderScale);
            });
        } else {
            f.text = new QPlainTextEdit(frame);
            f.text->setTabChangesFocus(true);
            f.text->setPlaceholderText(tr("Type here; Esc leaves the field"));
            f.text->setMaximumHeight(110);
            box->addWidget(f.text);
            connect(f.text, &QPlainTextEdit::textChanged, this, [this, row] {
                if (!m_updating)
                    m_model.setData(m_model.index(row), m_fields[row].text->toPlainText());
            });
        }
        f.error = new QLabel(frame);
        f.error->setStyleSheet(u"color:#c53030;"_s);
        f.error->setWordWrap(true);
        f.error->hide();
        box->addWidget(f.error);
        m_layout->addWidget(frame);
        m_fields.append(f);
        QWidget *target = focusTarget(row);
        if (previous)
            setTabOrder(previous, target);
        previous = target;
        refresh(row);
    }
}

QWidget *RubricForm::focusTarget(int row) const
{
    const Field &f = m_fields[row];
    if (f.spin)
        return f.spin;
    if (f.text)
        return f.text;
    return f.frame;
}

void RubricForm::refresh(int row)
{
    if (row < 0 || row >= m_fields.size())
        return;
    const QModelIndex i = m_model.index(row);
    Field &f = m_fields[row];
    const QVariant value = i.data(RubricFormModel::ValueRole);
    m_updating = true;
    if (f.options) {
        const QVariantList options = i.data(RubricFormModel::OptionsRole).toList();
        int checked = -1;
        for (int o = 0; o < options.size(); ++o)
            if (value.isValid() && options[o].toMap().value(u"value"_s).toString() == value.toString())
                checked = o;
        f.options->setExclusive(false); // so "no answer" can uncheck them all
        for (QAbstractButton *b : f.options->buttons())
            b->setChecked(f.options->id(b) == checked);
        f.options->setExclusive(true);
    } else if (f.spin) {
        if (value.isValid()) {
            f.spin->setValue(value.toDouble());
            f.slider->setValue(int(std::lround(value.toDouble() * f.sliderScale)));
        } else {
            f.spin->setValue(f.spin->minimum());
            f.slider->setValue(f.slider->minimum());
        }
    } else if (f.text && f.text->toPlainText() != value.toString()) {
        f.text->setPlainText(value.toString());
    }
    m_updating = false;
    const QString error = i.data(RubricFormModel::ErrorRole).toString();
    f.error->setText(error);
    f.error->setVisible(!error.isEmpty());
}

int RubricForm::focusedField() const
{
    const QWidget *w = QApplication::focusWidget();
    for (int row = 0; row < m_fields.size(); ++row)
        if (w && (w == m_fields[row].frame || m_fields[row].frame->isAncestorOf(w)))
            return row;
    return -1;
}

void RubricForm::focusField(int row)
{
    if (row >= 0 && row < m_fields.size())
        focusTarget(row)->setFocus(Qt::TabFocusReason);
}

bool RubricForm::pickOption(int digit)
{
    int row = focusedField();
    if (row < 0) {
        for (int r = 0; r < m_fields.size() && row < 0; ++r)
            if (m_fields[r].options && !m_model.index(r).data(RubricFormModel::ValueRole).isValid())
                row = r;
    }
    if (row < 0 || !m_fields[row].options)
        return false;
    return m_model.pickOption(row, digit);
}

bool RubricForm::isTyping() const
{
    const int row = focusedField();
    return row >= 0 && ((m_fields[row].text && m_fields[row].text->hasFocus()) ||
                        (m_fields[row].spin && m_fields[row].spin->hasFocus()));
}

void RubricForm::leaveTextField()
{
    const int row = focusedField();
    if (row >= 0)
        m_fields[row].frame->setFocus(Qt::OtherFocusReason);
}

} // namespace assay::app
