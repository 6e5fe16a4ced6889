#include "app/appcli.h"
#include "app/translations.h"

#include "assay/version.h"

#include <printers.h>

#include <QApplication>
#include <QProcess>
#include <QTextStream>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using assay::app::AppCli;

namespace {

int run(const QStringList &args, QString &out, QString &err)
{
    QTextStream o(&out), e(&err);
    const int code = AppCli::run(QStringList{u"assay"_s} + args, o, e);
    o.flush();
    e.flush();
    return code;
}

} // namespace

TEST(AppCli, RunsInsideAGuiApplication)
{
    EXPECT_NE(qobject_cast<QApplication *>(QCoreApplication::instance()), nullptr);
}

TEST(AppCli, VersionAndHelp)
{
    QString out, err;
    EXPECT_EQ(run({u"--version"_s}, out, err), 0);
    EXPECT_EQ(out, u"assay " ASSAY_VERSION "\n"_s);
    out.clear();
    EXPECT_EQ(run({u"--help"_s}, out, err), 0);
    EXPECT_TRUE(out.contains(AppCli::description())) << out.toStdString();
}

TEST(AppCli, UnexpectedArgumentsAreRefused)
{
    QString out, err;
    EXPECT_EQ(run({u"--bogus"_s}, out, err), 2);
    EXPECT_TRUE(err.contains(u"bogus"_s)) << err.toStdString();
    err.clear();
    EXPECT_EQ(run({u"queue.json"_s}, out, err), 2);
    EXPECT_TRUE(err.startsWith(u"assay: unexpected argument 'queue.json'"_s)) << err.toStdString();
}

TEST(Translations, GermanIsCompleteForTheCommandLine)
{
    EXPECT_EQ(AppCli::description(),
              u"Assay: review LLM outputs against a short rubric, from the keyboard, online or offline."_s);
    ASSERT_TRUE(assay::app::installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    EXPECT_EQ(
        AppCli::description(),
        u"Assay: LLM-Ausgaben anhand einer kurzen Bewertungsvorlage prüfen, per Tastatur, online oder offline."_s);
    QString out, err;
    EXPECT_EQ(run({u"extra"_s}, out, err), 2);
    EXPECT_TRUE(err.startsWith(u"assay: unerwartetes Argument „extra“"_s)) << err.toStdString();
}

TEST(Translations, EnglishNeedsNoFile)
{
    EXPECT_FALSE(assay::app::installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
}

TEST(AppExecutable, AnswersVersionWithoutADisplay)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ASSAY_APP_EXE), {u"--version"_s});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    EXPECT_EQ(QString::fromUtf8(p.readAllStandardOutput()), u"assay " ASSAY_VERSION "\n"_s);
}
