#include "commands.h"

#include "commandregistry.h"

namespace assay::app {

using namespace Qt::StringLiterals;

QString pickCommand(int digit)
{
    return QLatin1StringView(cmd::PickPrefix) + QString::number(digit);
}

void Commands::registerAll(CommandRegistry &r)
{
    using K = QKeySequence;
    auto id = [](const char *c) { return QString::fromLatin1(c); };
    r.add(id(cmd::Next), tr("&Next item"), {K(Qt::Key_Right)});
    r.add(id(cmd::Previous), tr("&Previous item"), {K(Qt::Key_Left)});
    r.add(id(cmd::Submit), tr("&Submit"), {K(Qt::Key_S)});
    r.add(id(cmd::SubmitAndNext), tr("Submit and &go on"),
          {K(Qt::CTRL | Qt::Key_Return), K(Qt::CTRL | Qt::Key_Enter)});
    r.add(id(cmd::Skip), tr("S&kip for now"), {K(Qt::Key_K)});
    r.add(id(cmd::Flag), tr("&Flag for a lead…"), {K(Qt::Key_F)});
    r.add(id(cmd::TraceDetails), tr("&Expand trace details"), {K(Qt::Key_E)});
    r.add(id(cmd::LeaveField), tr("&Leave the text field"), {K(Qt::Key_Escape)});
    r.add(id(cmd::BackToQueues), tr("&Back to my queues"), {K(Qt::ALT | Qt::Key_Home)});
    for (int digit = 1; digit <= 9; ++digit)
        r.add(pickCommand(digit), tr("Pick option %1 of the focused field").arg(digit),
              {K(Qt::Key(Qt::Key_0 + digit))});
    r.add(id(cmd::OpenQueue), tr("&Open queue"), {K(Qt::Key_Return), K(Qt::Key_Enter)});
    r.add(id(cmd::TakeOffline), tr("&Take items offline…"), {K(Qt::CTRL | Qt::Key_O)});
    r.add(id(cmd::SyncNow), tr("S&ync now"), {K(Qt::Key_F5)});
    r.add(id(cmd::NeedsAttention), tr("&Answers that need attention…"),
          {K(Qt::CTRL | Qt::SHIFT | Qt::Key_A)});
    r.add(id(cmd::Connect), tr("&Connect to a server…"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_O)});
    r.add(id(cmd::Shortcuts), tr("&Keyboard shortcuts…"), {K(Qt::CTRL | Qt::Key_Comma)});
    r.add(id(cmd::ShortcutSheet), tr("&Shortcut sheet"), {K(Qt::Key_Question)});
    r.add(id(cmd::Quit), tr("&Quit"), {K(Qt::CTRL | Qt::Key_Q)});
    r.add(id(cmd::Traces), tr("&Traces (or back to my queues)"), {K(Qt::CTRL | Qt::Key_T)});
    r.add(id(cmd::AddToQueue), tr("&Add runs to a queue…"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_U)});
}

} // namespace assay::app
