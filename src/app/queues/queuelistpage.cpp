#include "queuelistpage.h"

#include "models/queuelistmodel.h"

#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;
using client::QueueListModel;

void QueueCardDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    p->save();
    const QRect card = option.rect.adjusted(6, 4, -6, -4);
    const bool selected = option.state & QStyle::State_Selected;
    p->setRenderHint(QPainter::Antialiasing);
    p->setPen(selected ? QColor(u"#3182ce"_s) : QColor(u"#e2e8f0"_s));
    p->setBrush(selected ? QColor(u"#ebf8ff"_s) : QColor(u"#ffffff"_s));
    p->drawRoundedRect(card, 8, 8);

    const QRect text = card.adjusted(16, 10, -16, -10);
    QFont title = option.font;
    title.setPointSizeF(title.pointSizeF() * 1.25);
    title.setBold(true);
    p->setFont(title);
    p->setPen(QColor(u"#1a202c"_s));
    const int titleHeight = QFontMetrics(title).height();
    p->drawText(QRect(text.left(), text.top(), text.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
                index.data(QueueListModel::NameRole).toString());

    p->setFont(option.font);
    const QFontMetrics fm(option.font);
    p->setPen(QColor(u"#4a5568"_s));
    const QString guide = index.data(QueueListModel::GuideRole).toString();
    p->drawText(QRect(text.left(), text.top() + titleHeight + 2, text.width(), fm.height()),
                Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(guide.isEmpty() ? tr("No reviewer guide") : guide, Qt::ElideRight, text.width()));

    const int unsent = index.data(QueueListModel::UnsentRole).toInt();
    QStringList facts{tr("%n to review", nullptr, index.data(QueueListModel::ToReviewRole).toInt()),
                      tr("%n ready on this computer", nullptr, index.data(QueueListModel::ReadyRole).toInt()),
                      tr("%n done today", nullptr, index.data(QueueListModel::DoneTodayRole).toInt()),
                      tr("%n rubric fields", nullptr, index.data(QueueListModel::RubricFieldsRole).toInt())};
    if (unsent > 0)
        facts.append(tr("%n unsent", nullptr, unsent));
    p->setPen(QColor(u"#2b6cb0"_s));
    p->drawText(QRect(text.left(), text.top() + titleHeight + fm.height() + 8, text.width(), fm.height()),
                Qt::AlignLeft | Qt::AlignVCenter, facts.join(u"  ·  "_s));
    p->restore();
}

QSize QueueCardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    return {400, int(fm.height() * 1.25) + 2 * fm.height() + 10 + 20 + 8 + 8};
}

QueueListPage::QueueListPage(QueueListModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_hint(new QLabel(this))
    , m_list(new QListView(this))
    , m_empty(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 8);
    auto *title = new QLabel(tr("Your queues"), this);
    title->setStyleSheet(u"font-size:18pt; font-weight:600;"_s);
    layout->addWidget(title);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(u"color:#4a5568;"_s);
    layout->addWidget(m_hint);
    m_list->setModel(&m_model);
    m_list->setItemDelegate(new QueueCardDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setSpacing(2);
    m_list->setUniformItemSizes(true);
    m_list->setStyleSheet(u"QListView { background: transparent; }"_s);
    layout->addWidget(m_list, 1);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(u"color:#718096; font-size:13pt;"_s);
    m_empty->setText(tr("No queues are assigned to you yet.\nAsk your admin to assign you to a queue, then sync (F5)."));
    layout->addWidget(m_empty, 1);

    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        if (auto id = Uuid::parse(index.data(QueueListModel::IdRole).toString()); id)
            emit openQueue(*id);
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&m_model, signal, this, &QueueListPage::updateEmptyState);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &QueueListPage::updateEmptyState);
    updateEmptyState();
}

std::optional<Uuid> QueueListPage::selectedQueue() const
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    auto id = Uuid::parse(current.data(QueueListModel::IdRole).toString());
    return id ? std::optional(*id) : std::nullopt;
}

void QueueListPage::setHint(const QString &text)
{
    m_hint->setText(text);
    m_hint->setVisible(!text.isEmpty());
}

void QueueListPage::updateEmptyState()
{
    const bool empty = m_model.rowCount() == 0;
    m_empty->setVisible(empty);
    m_list->setVisible(!empty);
    if (!empty && !m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_model.index(0));
}

} // namespace assay::app
