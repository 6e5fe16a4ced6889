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

QString foldCase(QStringView text)
{
    QString out(text.size(), Qt::Uninitialized);
    QChar *dst = out.data();
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            dst[i] = QChar(c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c);
        } else if (QChar::isHighSurrogate(c) && i + 1 < text.size() &&
                   QChar::isLowSurrogate(text[i + 1].unicode())) {
            const char32_t folded = QChar::toCaseFolded(QChar::surrogateToUcs4(c, text[i + 1].unicode()));
            dst[i] = QChar(QChar::highSurrogate(folded));
            dst[i + 1] = QChar(QChar::lowSurrogate(folded));
            ++i;
        } else {
            dst[i] = QChar(static_cast<char16_t>(QChar::toCaseFolded(static_cast<char32_t>(c))));
        }
    }
    return out;
}

RunView::RunView(const Run &run, std::span<const Feedback> feedback)
    : m_run(&run)
    , m_feedback(feedback)
    , m_metadata(run.metadata())
{
}

const std::vector<JsonEntry> &RunView::entries(EntrySource source) const
{
    const int i = static_cast<int>(source);
    if (!m_entriesBuilt[i]) {
        const QJsonObject &object = source == EntrySource::Metadata ? m_metadata
                                    : source == EntrySource::Inputs ? m_run->inputs
                                                                    : m_run->outputs;
        m_entries[i].reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonValue json = it.value();
            m_entries[i].push_back(JsonEntry{it.key(), json, Value::ofJson(json)});
        }
        m_entriesBuilt[i] = true;
    }
    return m_entries[i];
}

const JsonEntry *RunView::entry(EntrySource source, QStringView key) const
{
    for (const JsonEntry &e : entries(source))
        if (e.key == key)
            return &e;
    return nullptr;
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
        m_searchText = foldCase(text);
        m_searchTextBuilt = true;
    }
    return m_searchText;
}

} // namespace assay::filter
