#pragma once

// The lead's pages in one place, a tab each: Traces, Queues (with their rules), and People for admin
// keys (a member sees no People tab). Ctrl+PgDown / Ctrl+PgUp move between tabs. Each page is its own
// room (src/app/traces, queueeditor, rules, people); this only hosts them and refreshes the one shown.

#include <QTabWidget>

namespace assay::client {
class ApiClient;
}

namespace assay::app {

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
    PeoplePage *people() const { return m_people; } // null for a member

private:
    TracesPage *m_traces;
    QueuesPage *m_queues;
    PeoplePage *m_people = nullptr;
};

} // namespace assay::app
