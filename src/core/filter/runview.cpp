#include "runview.h"

#include <QJsonArray>

namespace assay::filter {

namespace {

void appendStrings(const QJsonValue &value, QString &out, int depth = 0)
{
    if (depth > 32) // JSON from clients can be deep; search does not need the bottom of it
        return;
    switch (value.type()) {
    case QJsonValue::String:
        out += value.toString();
        out += u'\n';
        break;
    case QJsonValue::Array:
        for (const QJsonValue &v : value.toArray())
            appendStrings(v, out, depth + 1);
        break;
    case QJsonValue::Object: {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            appendStrings(it.value(), out, depth + 1);
        break;
    }
    default:
        break;
    }
}

} // namespace

RunView::RunView(const Run &run, std::span<const Feedback> feedback)
    : m_run(&run)
    , m_feedback(feedback)
    , m_metadata(run.metadata())
{
}

const QString &RunView::searchText() const
{
    if (!m_searchTextBuilt) {
        QString text;
        text.reserve(2048);
        text += m_run->name + u'\n' + m_run->runType + u'\n' + m_run->error + u'\n';
        for (const QString &tag : m_run->tags)
            text += tag + u'\n';
        appendStrings(m_run->inputs, text);
        appendStrings(m_run->outputs, text);
        appendStrings(m_metadata, text);
        m_searchText = text.toCaseFolded();
        m_searchTextBuilt = true;
    }
    return m_searchText;
}

} // namespace assay::filter
