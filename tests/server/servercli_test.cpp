#include "server/servercli.h"

#include "assay/version.h"

#include <printers.h>

#include <QProcess>
#include <QTextStream>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

struct CliResult {
    int code;
    QString out;
    QString err;
};

CliResult runCli(const QStringList &args)
{
    QString out, err;
    QTextStream o(&out), e(&err);
    const int code = assay::server::runCli(QStringList{u"assay-server"_s} + args, o, e);
    o.flush();
    e.flush();
    return {code, out, err};
}

} // namespace

TEST(ServerCli, VersionPrintsTheProjectVersion)
{
    const auto r = runCli({u"--version"_s});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, u"assay-server " ASSAY_VERSION "\n"_s);
    EXPECT_TRUE(r.err.isEmpty());
}

TEST(ServerCli, HelpDescribesTheServer)
{
    const auto r = runCli({u"--help"_s});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(r.out.contains(u"LangSmith REST API"_s)) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"--version"_s));
}

TEST(ServerCli, UnknownOptionsAndCommandsFailWithOneClearLine)
{
    const auto option = runCli({u"--port=5"_s});
    EXPECT_EQ(option.code, 2);
    EXPECT_TRUE(option.err.startsWith(u"assay-server: Unknown option 'port'."_s)) << option.err.toStdString();
    EXPECT_TRUE(option.out.isEmpty());
    const auto command = runCli({u"frobnicate"_s});
    EXPECT_EQ(command.code, 2);
    EXPECT_TRUE(command.err.startsWith(u"assay-server: unknown command 'frobnicate'"_s))
        << command.err.toStdString();
}

TEST(ServerCli, TheExecutableAnswersVersion)
{
    QProcess p;
    p.start(QStringLiteral(ASSAY_SERVER_EXE), {u"--version"_s});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 0);
    EXPECT_EQ(QString::fromUtf8(p.readAllStandardOutput()), u"assay-server " ASSAY_VERSION "\n"_s);
}
