// GoogleTest main for every suite: the Qt application object exists before any test runs, as Qt
// classes (QTranslator, QTimer, sockets, widgets) expect.

#include <gtest/gtest.h>

#ifdef ASSAY_TEST_GUI
#include <QApplication>
using TestApplication = QApplication;
#else
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#endif

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    TestApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
