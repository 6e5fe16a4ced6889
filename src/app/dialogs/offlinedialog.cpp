#include "offlinedialog.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace assay::app {

OfflineDialog::OfflineDialog(const QString &queueName, int readyNow, QWidget *parent)
    : QDialog(parent)
    , m_items(new QSpinBox(this))
    , m_hours(new QSpinBox(this))
{
    setWindowTitle(tr("Take items offline"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Check out items of “%1” to review without a connection. They stay yours for "
                                "the time you choose; your answers are sent when you are back online.\n"
                                "%n item(s) are ready on this computer now.",
                                nullptr, readyNow)
                                 .arg(queueName),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_items->setRange(1, 5000);
    m_items->setValue(50);
    m_items->setSuffix(tr(" items"));
    m_hours->setRange(1, 14 * 24);
    m_hours->setValue(24);
    m_hours->setSuffix(tr(" hours"));
    form->addRow(tr("How many:"), m_items);
    form->addRow(tr("Keep them for:"), m_hours);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Take offline"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

int OfflineDialog::items() const
{
    return m_items->value();
}

int OfflineDialog::leaseMinutes() const
{
    return m_hours->value() * 60;
}

void OfflineDialog::setChoice(int items, int hours)
{
    m_items->setValue(items);
    m_hours->setValue(hours);
}

} // namespace assay::app
