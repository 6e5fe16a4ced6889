#pragma once

#include <QLocale>

namespace assay::app {

// Installs Assay's translation for `locale` (and Qt's own, where the system has it) into the running
// application. Returns whether Assay's own translation was found; English needs none.
bool installTranslations(const QLocale &locale);

} // namespace assay::app
