#include "runview.h"

#include <QScrollBar>
#include <QTextDocument>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped().replace(u'\n', u"<br>"_s);
}

QString roleName(const QString &role)
{
    if (role == u"user")
        return RunView::tr("User");
    if (role == u"assistant")
        return RunView::tr("Assistant");
    if (role == u"system")
        return RunView::tr("System");
    if (role == u"tool")
        return RunView::tr("Tool");
    return role.toHtmlEscaped();
}

QString heading(const QString &text)
{
    return u"<h3 style='margin-top:14px; margin-bottom:4px; color:#4a5568;'>%1</h3>"_s.arg(text);
}

QString fold(bool open)
{
    return open ? u"▾"_s : u"▸"_s;
}

} // namespace

QString markdownToHtml(const QString &markdown)
{
    QTextDocument doc;
    doc.setMarkdown(markdown);
    const QString html = doc.toHtml();
    const qsizetype bodyTag = html.indexOf(u"<body"_s);
    const qsizetype start = html.indexOf(u'>', bodyTag) + 1;
    const qsizetype end = html.lastIndexOf(u"</body>"_s);
    return bodyTag < 0 || end < start ? markdown.toHtmlEscaped() : html.mid(start, end - start);
}

RunView::RunView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false); // links in a run are not followed; ours fold and unfold sections
    setOpenExternalLinks(false);
    setFocusPolicy(Qt::ClickFocus); // Tab goes from rubric field to rubric field
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(16);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == u"fold")
            toggle(url.path());
    });
}

void RunView::showRun(const client::RunPresentation &run, const QString &routedBecause)
{
    m_run = run;
    m_reason = routedBecause;
    m_open = {u"context"_s}; // groundedness is judged against the documents: their list starts open
    render();
    verticalScrollBar()->setValue(0);
}

void RunView::clearRun(const QString &message)
{
    m_run = {};
    m_reason.clear();
    setHtml(u"<p style='color:#718096; font-size:large; margin-top:40px;' align='center'>%1</p>"_s.arg(
        message.toHtmlEscaped()));
}

void RunView::toggle(const QString &section)
{
    if (!m_open.remove(section))
        m_open.insert(section);
    const int scroll = verticalScrollBar()->value();
    render();
    verticalScrollBar()->setValue(scroll);
}

QString RunView::outputHtml() const
{
    switch (m_run.outputKind) {
    case client::OutputKind::Markdown:
        return markdownToHtml(m_run.output);
    case client::OutputKind::Json:
        return u"<pre>%1</pre>"_s.arg(m_run.output.toHtmlEscaped());
    case client::OutputKind::Plain:
        return u"<p>%1</p>"_s.arg(esc(m_run.output));
    }
    return {};
}

void RunView::render()
{
    QString html = u"<html><body style='font-size:medium;'>"_s;
    if (!m_reason.isEmpty())
        html += u"<p style='background:#fefcbf; color:#744210; padding:6px;'>%1 %2</p>"_s.arg(
            tr("Why it is here:").toHtmlEscaped(), esc(m_reason));

    if (!m_run.systemPrompt.isEmpty()) {
        const bool open = isOpen(u"system"_s);
        html += u"<p><a href='fold:system' style='color:#4a5568; text-decoration:none;'>%1 %2</a></p>"_s.arg(
            fold(open), tr("System prompt").toHtmlEscaped());
        if (open)
            html += u"<p style='color:#4a5568; margin-left:18px;'>%1</p>"_s.arg(esc(m_run.systemPrompt));
    }

    if (!m_run.messages.isEmpty()) {
        html += heading(tr("Conversation").toHtmlEscaped());
        html += u"<table width='100%' cellspacing='0' cellpadding='6'>"_s;
        for (const client::ChatMessage &m : m_run.messages) {
            const bool user = m.role == u"user";
            html += u"<tr><td width='90' valign='top' style='color:%1; font-weight:bold;'>%2</td>"
                    u"<td style='background:%3;'>%4</td></tr>"_s.arg(
                        user ? u"#2b6cb0"_s : u"#2f855a"_s, roleName(m.role), user ? u"#ebf8ff"_s : u"#f0fff4"_s,
                        esc(m.content));
        }
        html += u"</table>"_s;
    }

    if (!m_run.context.isEmpty()) {
        const bool open = isOpen(u"context"_s);
        html += heading(u"<a href='fold:context' style='color:#4a5568; text-decoration:none;'>%1 %2</a>"_s.arg(
            fold(open), tr("Retrieved context (%n documents)", nullptr, int(m_run.context.size())).toHtmlEscaped()));
        if (open) {
            for (qsizetype i = 0; i < m_run.context.size(); ++i) {
                const client::ContextDocument &d = m_run.context[i];
                const QString id = u"context-%1"_s.arg(i);
                const bool docOpen = isOpen(id);
                const QString title = d.source.isEmpty() ? tr("Document %1").arg(i + 1) : d.source;
                html += u"<p style='margin-left:18px;'><a href='fold:%1' style='text-decoration:none;'>%2 %3</a>"
                        u"<span style='color:#718096;'> — %4</span></p>"_s.arg(
                            id, fold(docOpen), title.toHtmlEscaped(), esc(d.content.left(90)) +
                                                                          (d.content.size() > 90 ? u"…"_s : QString()));
                if (docOpen)
                    html += u"<p style='margin-left:36px; background:#f7fafc; padding:6px;'>%1</p>"_s.arg(
                        esc(d.content));
            }
        }
    }

    html += heading(tr("Output").toHtmlEscaped());
    // The answer under review stands apart from everything around it.
    html += u"<table width='100%' cellpadding='10' cellspacing='0' style='background:#fffdf0; "
            u"border:1px solid #ecc94b;'><tr><td>"_s;
    html += m_run.output.isEmpty() ? u"<p style='color:#718096;'>%1</p>"_s.arg(tr("(no output)").toHtmlEscaped())
                                   : outputHtml();
    html += u"</td></tr></table>"_s;
    if (!m_run.error.isEmpty())
        html += u"<p style='color:#c53030;'><b>%1</b> %2</p>"_s.arg(tr("Error:").toHtmlEscaped(), esc(m_run.error));

    QStringList facts;
    if (!m_run.latency.isEmpty())
        facts.append(tr("latency %1").arg(m_run.latency));
    if (m_run.totalTokens >= 0)
        facts.append(tr("%n tokens", nullptr, int(m_run.totalTokens)));
    if (!m_run.metadata.isEmpty() || !facts.isEmpty()) {
        html += heading(tr("Metadata").toHtmlEscaped());
        if (!facts.isEmpty())
            html += u"<p style='color:#4a5568;'>%1</p>"_s.arg(facts.join(u" · "_s).toHtmlEscaped());
        html += u"<table cellspacing='0' cellpadding='3'>"_s;
        for (const auto &[key, value] : m_run.metadata)
            html += u"<tr><td style='color:#718096; padding-right:12px;'>%1</td><td>%2</td></tr>"_s.arg(
                key.toHtmlEscaped(), esc(value));
        html += u"</table>"_s;
    }
    html += u"</body></html>"_s;
    setHtml(html);
}

} // namespace assay::app
