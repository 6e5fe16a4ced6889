#pragma once

// The app's commands: their stable ids (used by settings, tests and the shortcut sheet) and default keys.

#include <QCoreApplication>

namespace assay::app {

class CommandRegistry;

namespace cmd {
inline constexpr char Next[] = "review.next";
inline constexpr char Previous[] = "review.previous";
inline constexpr char Submit[] = "review.submit";
inline constexpr char SubmitAndNext[] = "review.submit_and_next";
inline constexpr char Skip[] = "review.skip";
inline constexpr char Flag[] = "review.flag";
inline constexpr char TraceDetails[] = "review.trace_details";
inline constexpr char LeaveField[] = "review.leave_field";
inline constexpr char BackToQueues[] = "review.back_to_queues";
inline constexpr char PickPrefix[] = "review.pick_"; // review.pick_1 .. review.pick_9
inline constexpr char OpenQueue[] = "queues.open";
inline constexpr char TakeOffline[] = "sync.take_offline";
inline constexpr char SyncNow[] = "sync.now";
inline constexpr char NeedsAttention[] = "sync.needs_attention";
inline constexpr char Connect[] = "app.connect";
inline constexpr char Shortcuts[] = "app.shortcut_settings";
inline constexpr char ShortcutSheet[] = "help.shortcuts";
inline constexpr char Quit[] = "app.quit";
inline constexpr char Traces[] = "lead.traces"; // admin and member keys only
inline constexpr char AddToQueue[] = "lead.add_to_queue"; // on the traces page
} // namespace cmd

QString pickCommand(int digit); // "review.pick_3"

class Commands {
    Q_DECLARE_TR_FUNCTIONS(Commands)
public:
    // Registers every command with its text and default keys.
    static void registerAll(CommandRegistry &registry);
};

} // namespace assay::app
