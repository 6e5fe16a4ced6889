#pragma once

// The left side of the review screen: the run as the user saw it. Why it was routed, the system prompt
// (folded), the conversation with its roles, the retrieved documents (folded, each opens on a click),
// the output (markdown rendered, JSON pretty-printed, text wrapped and selectable), the error, and the
// metadata as a table. One HTML document in a QTextBrowser: fast to swap per item, all of it selectable.

#include "review/runpresentation.h"

#include <QSet>
#include <QTextBrowser>

namespace assay::app {

class RunView : public QTextBrowser {
    Q_OBJECT
public:
    explicit RunView(QWidget *parent = nullptr);

    // A new item: folded sections start folded again.
    void showRun(const client::RunPresentation &run, const QString &routedBecause);
    void clearRun(const QString &message);
    // Opens or folds a section: "system", "context", "context-N".
    void toggle(const QString &section);
    bool isOpen(const QString &section) const { return m_open.contains(section); }

private:
    void render();
    QString outputHtml() const;

    client::RunPresentation m_run;
    QString m_reason;
    QSet<QString> m_open;
};

// The body of what QTextDocument makes of markdown, to embed in a page of our own.
QString markdownToHtml(const QString &markdown);

} // namespace assay::app
