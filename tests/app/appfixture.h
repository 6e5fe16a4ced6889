#pragma once

// The reviewer's window against a real assay-server on 127.0.0.1:0 with the demo project (a RAG help
// bot's traces routed into production-rag-review): a ClientSession in a temp dir, the commands with
// their default keys, and the MainWindow, shown offscreen. Keys are sent to the window as the system
// would send them, so shortcuts, ShortcutOverride and focus work as for a reviewer.

#include "commands/commandregistry.h"
#include "serverharness.h"
#include "session/clientsession.h"
#include "window/mainwindow.h"

#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace assay::test {

// Handles events until `done` or the timeout; false on the timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 5000);

class AppTest : public ::testing::Test {
protected:
    static constexpr const char *kReviewerKey = "assay-demo-reviewer-key-for-tests";

    void SetUp() override;
    void TearDown() override;
    // The key the window signs in with: the demo reviewer's, unless a test is about the lead.
    virtual QByteArray windowKey() const { return kReviewerKey; }

    // One sync cycle, to the end; false when it failed.
    bool sync(int timeoutMs = 20000);
    // A key press and release on the window, through the platform's path (shortcuts included).
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void type(const QString &text);
    QWidget *focused() const;

    // The lead's pages, opened from the keyboard (Ctrl+T) once the signed-in key is known to be a lead's;
    // null when it never became available.
    app::LeadArea *openLeadArea();

    qint64 answersOnServer(); // feedback rows of overall_quality on the server
    int itemsInDemoQueue() const { return m_demoItems; }

    QTemporaryDir dir;
    std::unique_ptr<ServerHarness> server;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<app::CommandRegistry> commands;
    std::unique_ptr<client::ClientSession> session;
    std::unique_ptr<app::MainWindow> window;

private:
    int m_demoItems = 0;
};

} // namespace assay::test
