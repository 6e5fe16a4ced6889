#include "masterdetail.h"

#include <QAbstractItemView>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace assay::app {

void layOutMasterDetail(QWidget *page, const QString &title, QAbstractItemView *list,
                        const QList<QWidget *> &listButtons, QWidget *details, QLabel *status)
{
    auto *buttons = new QHBoxLayout;
    for (QWidget *button : listButtons)
        buttons->addWidget(button);
    buttons->addStretch();
    auto *left = new QWidget(page);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(title, page);
    label->setBuddy(list);
    leftLayout->addWidget(label);
    leftLayout->addWidget(list, 1);
    leftLayout->addLayout(buttons);
    auto *split = new QSplitter(page);
    split->addWidget(left);
    split->addWidget(details);
    split->setStretchFactor(1, 2);
    status->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(split, 1);
    layout->addWidget(status);
}

} // namespace assay::app
