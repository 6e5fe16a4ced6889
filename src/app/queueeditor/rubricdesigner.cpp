#include "rubricdesigner.h"

#include "queueeditor/rubricdesignmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;
using client::RubricDesignModel;

namespace {

// Alt+Up / Alt+Down move the current row of a view, keeping it current.
bool moveCurrentRow(QAbstractItemView *view, int step)
{
    const QModelIndex current = view->currentIndex();
    if (!current.isValid() || !client::moveRowBy(*view->model(), current.row(), step))
        return false;
    view->setCurrentIndex(view->model()->index(current.row() + step, current.column()));
    return true;
}

} // namespace

RubricDesigner::RubricDesigner(RubricDesignModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_fields(new QListView(this))
    , m_key(new QLineEdit(this))
    , m_label(new QLineEdit(this))
    , m_type(new QComboBox(this))
    , m_required(new QCheckBox(tr("Re&quired"), this))
    , m_help(new QPlainTextEdit(this))
    , m_min(new QDoubleSpinBox(this))
    , m_max(new QDoubleSpinBox(this))
    , m_scale(new QWidget(this))
    , m_optionsBox(new QWidget(this))
    , m_options(new QTableView(this))
    , m_problems(new QLabel(this))
{
    m_fields->setModel(&model);
    m_fields->installEventFilter(this);
    m_fields->setToolTip(tr("Alt+Up and Alt+Down move the field"));
    m_type->addItem(tr("Categorical (options)"), u"categorical"_s);
    m_type->addItem(tr("Continuous (a score)"), u"continuous"_s);
    m_type->addItem(tr("Freeform (text)"), u"freeform"_s);
    m_help->setPlaceholderText(tr("Help text reviewers read under the field"));
    m_help->setMaximumHeight(fontMetrics().height() * 3 + 12);
    for (QDoubleSpinBox *bound : {m_min, m_max}) {
        bound->setRange(-1e9, 1e9);
        bound->setDecimals(3);
    }
    m_options->setModel(&model.options());
    m_options->installEventFilter(this);
    m_options->setDragDropMode(QAbstractItemView::InternalMove);
    m_options->setDragEnabled(true);
    m_options->setDropIndicatorShown(true);
    m_options->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_options->setSelectionMode(QAbstractItemView::SingleSelection);
    m_options->horizontalHeader()->setStretchLastSection(true);
    m_options->setColumnWidth(client::RubricOptionModel::Value, fontMetrics().horizontalAdvance(u'M') * 9);
    m_options->setWordWrap(false); // one line an option; the description in full when edited
    m_options->setToolTip(tr("Drag an option, or Alt+Up and Alt+Down, to reorder; F2 edits"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::RichText);

    auto *addCategorical = new QPushButton(tr("+ &Options"), this);
    auto *addContinuous = new QPushButton(tr("+ &Score"), this);
    auto *addFreeform = new QPushButton(tr("+ &Text"), this);
    auto *remove = new QPushButton(tr("Remove field"), this);
    auto *fieldButtons = new QHBoxLayout;
    for (QPushButton *b : {addCategorical, addContinuous, addFreeform, remove})
        fieldButtons->addWidget(b);
    auto *left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Fields (* required):"), this));
    left->addWidget(m_fields, 1);
    left->addLayout(fieldButtons);

    auto *scale = new QHBoxLayout(m_scale);
    scale->setContentsMargins(0, 0, 0, 0);
    scale->addWidget(new QLabel(tr("from"), this));
    scale->addWidget(m_min);
    scale->addWidget(new QLabel(tr("to"), this));
    scale->addWidget(m_max);
    auto *addOption = new QPushButton(tr("+ Option"), this);
    auto *removeOption = new QPushButton(tr("Remove option"), this);
    auto *optionButtons = new QHBoxLayout;
    optionButtons->addWidget(addOption);
    optionButtons->addWidget(removeOption);
    optionButtons->addStretch();
    auto *optionsLayout = new QVBoxLayout(m_optionsBox);
    optionsLayout->setContentsMargins(0, 0, 0, 0);
    optionsLayout->addWidget(m_options, 1);
    optionsLayout->addLayout(optionButtons);

    auto *form = m_form = new QFormLayout;
    form->addRow(tr("&Key:"), m_key);
    form->addRow(tr("&Label:"), m_label);
    form->addRow(tr("T&ype:"), m_type);
    form->addRow(QString(), m_required);
    form->addRow(tr("&Help:"), m_help);
    form->addRow(tr("Range:"), m_scale);
    form->addRow(tr("Options:"), m_optionsBox);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addStretch(); // the settings stay together at the top
    columns->addLayout(right, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problems);

    connect(addCategorical, &QPushButton::clicked, this,
            [this] { m_model.addField(FieldType::Categorical); });
    connect(addContinuous, &QPushButton::clicked, this, [this] { m_model.addField(FieldType::Continuous); });
    connect(addFreeform, &QPushButton::clicked, this, [this] { m_model.addField(FieldType::Freeform); });
    connect(remove, &QPushButton::clicked, this, [this] { m_model.removeField(m_model.currentField()); });
    connect(addOption, &QPushButton::clicked, this, [this] {
        const int row = m_model.options().addOption();
        if (row >= 0)
            m_options->edit(m_model.options().index(row, client::RubricOptionModel::Value));
    });
    connect(removeOption, &QPushButton::clicked, this,
            [this] { m_model.options().removeOption(m_options->currentIndex().row()); });
    connect(m_fields->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_model.setCurrentField(current.row());
                showField();
            });
    connect(&model, &RubricDesignModel::changed, this, [this] {
        if (m_fields->currentIndex().row() != m_model.currentField())
            m_fields->setCurrentIndex(m_model.index(m_model.currentField()));
        showField();
        showProblems();
    });
    connect(&model, &QAbstractItemModel::modelReset, this, [this] {
        m_fields->setCurrentIndex(m_model.index(m_model.currentField()));
        showField();
    });
    for (QLineEdit *edit : {m_key, m_label})
        connect(edit, &QLineEdit::textEdited, this, &RubricDesigner::storeField);
    connect(m_help, &QPlainTextEdit::textChanged, this, &RubricDesigner::storeField);
    connect(m_type, &QComboBox::activated, this, &RubricDesigner::storeField);
    connect(m_required, &QCheckBox::toggled, this, &RubricDesigner::storeField);
    for (QDoubleSpinBox *bound : {m_min, m_max})
        connect(bound, &QDoubleSpinBox::valueChanged, this, &RubricDesigner::storeField);
    showField();
    showProblems();
}

void RubricDesigner::showField()
{
    const int row = m_model.currentField();
    const bool has = row >= 0;
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_key, m_label, m_type, m_required, m_help, m_scale, m_optionsBox})
        w->setEnabled(has);
    if (!has)
        return;
    m_showing = true;
    const RubricField &f = m_model.field(row);
    if (m_key->text() != f.key)
        m_key->setText(f.key);
    if (m_label->text() != f.label)
        m_label->setText(f.label);
    m_type->setCurrentIndex(m_type->findData(fieldTypeName(f.type)));
    m_required->setChecked(f.required);
    if (m_help->toPlainText() != f.description)
        m_help->setPlainText(f.description);
    m_min->setValue(f.min.value_or(0));
    m_max->setValue(f.max.value_or(1));
    m_form->setRowVisible(m_scale, f.type == FieldType::Continuous);
    m_form->setRowVisible(m_optionsBox, f.type == FieldType::Categorical);
    m_showing = false;
}

void RubricDesigner::storeField()
{
    const int row = m_model.currentField();
    if (m_showing || row < 0)
        return;
    RubricField f = m_model.field(row);
    f.key = m_key->text();
    f.label = m_label->text();
    const QString type = m_type->currentData().toString();
    f.type = type == u"categorical"  ? FieldType::Categorical
             : type == u"continuous" ? FieldType::Continuous
                                     : FieldType::Freeform;
    f.required = m_required->isChecked();
    f.description = m_help->toPlainText();
    if (f.type == FieldType::Continuous) {
        f.min = m_min->value();
        f.max = m_max->value();
    } else {
        f.min.reset();
        f.max.reset();
    }
    m_model.setField(row, f);
}

void RubricDesigner::showProblems()
{
    const ValidationReport report = m_model.report();
    QStringList lines;
    for (const ValidationIssue &e : report.errors)
        lines.append(u"<span style='color:#c53030'>✗ %1</span>"_s.arg(e.toString().toHtmlEscaped()));
    for (const ValidationIssue &w : report.warnings)
        lines.append(u"<span style='color:#975a16'>⚠ %1</span>"_s.arg(w.toString().toHtmlEscaped()));
    m_problems->setText(lines.join(u"<br>"_s));
    m_problems->setVisible(!lines.isEmpty());
}

bool RubricDesigner::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::AltModifier && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down)) {
            auto *view = watched == m_fields ? static_cast<QAbstractItemView *>(m_fields) : m_options;
            moveCurrentRow(view, key->key() == Qt::Key_Up ? -1 : 1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace assay::app
