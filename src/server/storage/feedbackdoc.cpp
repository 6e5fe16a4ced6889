#include "feedbackdoc.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <limits>

namespace assay::server {

namespace {

class CompactWriter {
public:
    void key(const char *name)
    {
        m_out += m_first ? "{\"" : ",\"";
        m_first = false;
        m_out += name;
        m_out += "\":";
    }

    // JSON text: quotes, backslashes and control characters escaped; surrogates too, as \uXXXX, so a lone
    // one survives exactly (UTF-8 cannot carry it); and U+FEFF, which Qt's JSON parser drops when it
    // meets it raw at the start of a string.
    void string(QStringView s)
    {
        static const char hex[] = "0123456789abcdef";
        m_out += '"';
        for (const QChar c : s) {
            const char16_t u = c.unicode();
            if (u == u'"' || u == u'\\') {
                m_out += '\\';
                m_out += char(u);
            } else if (u < 0x20 || c.isSurrogate() || u == 0xfeff) {
                m_out += "\\u";
                for (int shift = 12; shift >= 0; shift -= 4)
                    m_out += hex[(u >> shift) & 0xf];
            } else if (u < 0x80) {
                m_out += char(u);
            } else {
                m_out += QStringView(&c, 1).toUtf8();
            }
        }
        m_out += '"';
    }

    void value(const QJsonValue &v)
    {
        switch (v.type()) {
        case QJsonValue::String:
            string(v.toString());
            break;
        case QJsonValue::Double: {
            // Integers exactly (a QJsonValue keeps 64-bit integers as such), other numbers shortest.
            constexpr qint64 kNotInteger = std::numeric_limits<qint64>::min();
            const qint64 i = v.toInteger(kNotInteger);
            const double d = v.toDouble();
            if (i != kNotInteger)
                m_out += QByteArray::number(i);
            else
                m_out +=
                    std::isfinite(d) ? QByteArray::number(d, 'g', QLocale::FloatingPointShortest) : "null";
            break;
        }
        case QJsonValue::Bool:
            m_out += v.toBool() ? "true" : "false";
            break;
        case QJsonValue::Object: {
            const QJsonObject o = v.toObject();
            m_out += '{';
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (it != o.begin())
                    m_out += ',';
                string(it.key());
                m_out += ':';
                value(it.value());
            }
            m_out += '}';
            break;
        }
        case QJsonValue::Array: {
            const QJsonArray a = v.toArray();
            m_out += '[';
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (i > 0)
                    m_out += ',';
                value(a.at(i));
            }
            m_out += ']';
            break;
        }
        default:
            m_out += "null";
        }
    }

    // Writes the field unless it is null, as the stored form leaves nulls out.
    void field(const char *name, const QJsonValue &v)
    {
        if (v.isNull() || v.isUndefined())
            return;
        key(name);
        value(v);
    }
    void field(const char *name, const QString &text)
    {
        if (text.isEmpty())
            return;
        key(name);
        string(text);
    }
    void field(const char *name, const std::optional<Uuid> &id)
    {
        if (id)
            field(name, id->toString());
    }
    void field(const char *name, const std::optional<Timestamp> &t)
    {
        if (t)
            field(name, t->toIso());
    }

    void raw(const QByteArray &json) { m_out += json; }

    QByteArray finish()
    {
        m_out += m_first ? "{}" : "}";
        return m_out;
    }

private:
    QByteArray m_out;
    bool m_first = true;
};

} // namespace

QByteArray storedFeedbackDoc(const Feedback &fb)
{
    CompactWriter w;
    w.field("id", fb.id.toString());
    w.field("run_id", fb.runId);
    w.field("trace_id", fb.traceId);
    w.field("session_id", fb.sessionId);
    w.key("key");
    w.string(fb.key);
    w.field("score", fb.score);
    w.field("value", fb.value);
    w.field("comment", fb.comment);
    w.field("correction", fb.correction);
    w.key("feedback_source");
    CompactWriter source;
    source.key("type");
    source.string(fb.source.type);
    source.key("metadata");
    source.value(fb.source.metadata);
    source.field("user_id", fb.source.userId);
    source.field("user_name", fb.source.userName);
    w.raw(source.finish());
    if (!fb.feedbackConfig.isEmpty())
        w.field("feedback_config", fb.feedbackConfig);
    w.field("comparative_experiment_id", fb.comparativeExperimentId);
    w.field("feedback_group_id", fb.feedbackGroupId);
    w.key("extra");
    w.value(fb.extra);
    w.field("created_at", fb.createdAt);
    w.field("modified_at", fb.modifiedAt);
    return w.finish();
}

} // namespace assay::server
