#include "api/connectioncheck.h"
#include "app/appcli.h"
#include "app/translations.h"
#include "commands/commandregistry.h"
#include "commands/commands.h"
#include "connect/connectdialog.h"

#include "assay/version.h"

#include <printers.h>

#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QXmlStreamReader>

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

TEST(AppCli, AnInvitationFileIsReadOrItsProblemSaid)
{
    QTemporaryDir dir;
    const QString good = dir.filePath(u"rey.assay-invitation"_s);
    QFile file(good);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        assay::client::invitationText({u"https://review.example.com/api/v1"_s, "assay_k", u"Rey"_s, {}}));
    file.close();
    QString out, err;
    QTextStream o(&out), e(&err);
    assay::app::AppOptions options;
    EXPECT_EQ(AppCli::run({u"assay"_s, u"--invitation"_s, good}, o, e, &options), -1);
    ASSERT_TRUE(options.invitation.has_value());
    EXPECT_EQ(options.server, u"https://review.example.com/api/v1"_s) << "the invitation's server";
    EXPECT_EQ(options.invitation->key, "assay_k");

    // As a file manager opens it (the desktop entry's Exec=assay %f).
    assay::app::AppOptions opened;
    EXPECT_EQ(AppCli::run({u"assay"_s, good}, o, e, &opened), -1);
    ASSERT_TRUE(opened.invitation.has_value());
    EXPECT_EQ(opened.invitation->key, "assay_k");
    EXPECT_EQ(run({good, good}, out, err), 2);
    EXPECT_TRUE(err.startsWith(u"assay: unexpected argument"_s)) << err.toStdString();
    err.clear();

    EXPECT_EQ(run({u"--invitation"_s, dir.filePath(u"missing"_s)}, out, err), 2);
    EXPECT_TRUE(err.startsWith(u"assay: cannot read the invitation"_s)) << err.toStdString();
    err.clear();
    QFile junk(dir.filePath(u"junk"_s));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("hello");
    junk.close();
    EXPECT_EQ(run({u"--invitation"_s, junk.fileName()}, out, err), 2);
    EXPECT_TRUE(err.contains(u"This is not an Assay invitation"_s)) << err.toStdString();
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

TEST(Translations, TheGermanFileIsCompleteAndKeepsEveryPlaceholder)
{
    QFile file(QStringLiteral(ASSAY_SOURCE_DIR "/translations/assay_de.ts"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QString source;
    QStringList translations;
    bool numerus = false;
    auto check = [&] {
        ++messages;
        ASSERT_FALSE(translations.isEmpty()) << "untranslated: " << source.toStdString();
        EXPECT_EQ(translations.size(), numerus ? 2 : 1) << source.toStdString();
        static const QRegularExpression placeholder(u"%[0-9n]"_s);
        QStringList wanted;
        for (auto it = placeholder.globalMatch(source); it.hasNext();)
            wanted.append(it.next().captured());
        wanted.sort();
        for (const QString &t : translations) {
            EXPECT_FALSE(t.trimmed().isEmpty()) << "empty translation of " << source.toStdString();
            QStringList got;
            for (auto it = placeholder.globalMatch(t); it.hasNext();)
                got.append(it.next().captured());
            got.sort();
            EXPECT_EQ(got, wanted) << source.toStdString() << " -> " << t.toStdString();
        }
    };
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"message") {
            numerus = xml.attributes().value(u"numerus"_s) == u"yes";
            source.clear();
            translations.clear();
        } else if (xml.isStartElement() && xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.isStartElement() && xml.name() == u"translation") {
            const bool unfinished = xml.attributes().value(u"type"_s) == u"unfinished";
            if (!numerus) {
                const QString text = xml.readElementText();
                if (!unfinished)
                    translations.append(text);
            }
        } else if (xml.isStartElement() && xml.name() == u"numerusform") {
            translations.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == u"message") {
            check();
        }
    }
    ASSERT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_GT(messages, 150) << "the window's strings are in the file";
}

TEST(Translations, TheWindowSpeaksGermanWhenTheSystemDoes)
{
    ASSERT_TRUE(assay::app::installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    assay::app::CommandRegistry commands(settings);
    assay::app::Commands::registerAll(commands);
    EXPECT_EQ(commands.action(QString::fromLatin1(assay::app::cmd::Submit))->text(), u"&Absenden"_s);
    assay::app::ConnectDialog dialog({});
    EXPECT_EQ(dialog.windowTitle(), u"Mit Assay verbinden"_s);
    assay::client::ApiReply refused;
    refused.kind = assay::client::ReplyKind::Auth;
    EXPECT_EQ(assay::client::ConnectionCheck::describeFailure(refused, u"x"_s).left(23),
              u"Der Server hat diesen A"_s);
}
