#pragma once

// The lead's pages in one place, a tab each: Traces, Queues (with their rules), Health and Calibration
// (one queue at a time), and People for admin keys (a member sees no People tab). Ctrl+PgDown / Ctrl+PgUp
// move between tabs. Each page is its own room (src/app/traces, queueeditor, rules, people); this only hosts
// them and refreshes the one shown.

#include <QTabWidget>

namespace assay::client {
class ApiClient;
}

namespace assay::app {

class CalibrationPage;
class HealthPage;
class PeoplePage;
class QueuesPage;
class TracesPage;

class LeadArea : public QTabWidget {
    Q_OBJECT
public:
    // `admin`: the key is an admin's (People is shown).
    LeadArea(client::ApiClient &api, bool admin, QWidget *parent = nullptr);

    TracesPage *traces() const { return m_traces; }
    QueuesPage *queues() const { return m_queues; }
    HealthPage *health() const { return m_health; }
    CalibrationPage *calibration() const { return m_calibration; }
    PeoplePage *people() const { return m_people; } // null for a member

private:
    TracesPage *m_traces;
    QueuesPage *m_queues;
    HealthPage *m_health;
    CalibrationPage *m_calibration;
    PeoplePage *m_people = nullptr;
};

} // namespace assay::app
