#pragma once

// The review screen: the item's run on the left (RunView), the reviewer guide and the rubric form on the
// right, the trace details below when asked for (E). The review commands act on ReviewSession; this page
// only shows what the session holds and says what happened (a missing field, a saved answer).

#include "core/uuid.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QSplitter;

namespace assay::client {
class ReviewSession;
}

namespace assay::app {

class CommandRegistry;
class RubricForm;
class RunView;
class TraceDetails;

class ReviewPage : public QWidget {
    Q_OBJECT
public:
    ReviewPage(client::ReviewSession &session, CommandRegistry &commands, QWidget *parent = nullptr);

    RubricForm *form() const { return m_form; }
    RunView *runView() const { return m_run; }
    TraceDetails *details() const { return m_details; }
    QString message() const;
    // The review commands answer only while this page is on screen.
    void setCommandsEnabled(bool enabled);
    // Asks for the note of a flag; replaceable in tests.
    std::function<std::optional<QString>(const QString &current)> askFlagNote;

signals:
    void backToQueues();
    void submitted(); // an answer was committed

private:
    void showCurrent();
    void showHeader();
    void submit(bool goOn);
    void say(const QString &text, bool problem = false);
    void navigate(bool forward);

    client::ReviewSession &m_session;
    CommandRegistry &m_commands;
    QLabel *m_title;
    QLabel *m_position;
    QLabel *m_state;
    QLabel *m_guide;
    RunView *m_run;
    RubricForm *m_form;
    QLabel *m_message;
    QPushButton *m_submit;
    QPushButton *m_submitNext;
    TraceDetails *m_details;
    QSplitter *m_vertical;
    std::optional<Uuid> m_shownRun; // the item the form was last focused for
};

} // namespace assay::app
