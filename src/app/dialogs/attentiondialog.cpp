#include "attentiondialog.h"

#include "store/localstore.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

AttentionDialog::AttentionDialog(client::LocalStore &store, QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
{
    setWindowTitle(tr("Answers that need attention"));
    resize(640, 420);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The server did not take these answers. Open one, fix what it says, and submit "
                                "it again."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    layout->addWidget(m_list, 1);

    auto answers = store.work().needingAttention();
    if (!answers) {
        m_list->addItem(tr("Could not read them: %1").arg(answers.error().message));
    } else {
        for (const client::LocalAnswer &a : *answers) {
            QString queueName = a.annotation.queueId.toString();
            if (auto q = store.cache().queue(a.annotation.queueId); q && *q)
                queueName = (*q)->name;
            QString itemName;
            if (auto item = store.cache().item(a.annotation.queueId, a.annotation.runId); item && *item)
                itemName = (*item)->runName;
            auto *row = new QListWidgetItem(u"%1 · %2\n%3"_s.arg(queueName, itemName, a.errors.join(u"; "_s)));
            row->setData(Qt::UserRole, a.annotation.queueId.toString());
            row->setData(Qt::UserRole + 1, a.annotation.runId.toString());
            m_list->addItem(row);
        }
        if (answers->isEmpty())
            m_list->addItem(tr("Nothing needs your attention."));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *open = buttons->addButton(tr("Open"), QDialogButtonBox::AcceptRole);
    auto openCurrent = [this] {
        QListWidgetItem *row = m_list->currentItem();
        if (!row || !row->data(Qt::UserRole).isValid())
            return;
        auto queue = Uuid::parse(row->data(Qt::UserRole).toString());
        auto run = Uuid::parse(row->data(Qt::UserRole + 1).toString());
        if (queue && run) {
            emit openItem(*queue, *run);
            accept();
        }
    };
    connect(open, &QPushButton::clicked, this, openCurrent);
    connect(m_list, &QListWidget::itemActivated, this, openCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_list->setCurrentRow(0);
}

} // namespace assay::app
