#pragma once

// The layout of the lead's list pages (queues, people): a titled list with its buttons under it on the
// left, the chosen entry's details on the right (a splitter between), the status line below.

#include <QList>
#include <QString>

class QAbstractItemView;
class QLabel;
class QWidget;

namespace assay::app {

void layOutMasterDetail(QWidget *page, const QString &title, QAbstractItemView *list,
                        const QList<QWidget *> &listButtons, QWidget *details, QLabel *status);

} // namespace assay::app
