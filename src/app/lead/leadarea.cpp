#include "leadarea.h"

#include "calibration/calibrationpage.h"
#include "health/healthpage.h"
#include "people/peoplepage.h"
#include "queueeditor/queuespage.h"
#include "traces/tracespage.h"

namespace assay::app {

LeadArea::LeadArea(client::ApiClient &api, bool admin, QWidget *parent)
    : QTabWidget(parent)
    , m_traces(new TracesPage(api, this))
    , m_queues(new QueuesPage(api, this))
    , m_health(new HealthPage(api, this))
    , m_calibration(new CalibrationPage(api, this))
{
    setDocumentMode(true);
    addTab(m_traces, tr("&Traces"));
    addTab(m_queues, tr("Q&ueues and rules"));
    addTab(m_health, tr("He&alth"));
    addTab(m_calibration, tr("Cali&bration"));
    if (admin) {
        m_people = new PeoplePage(api, this);
        addTab(m_people, tr("P&eople"));
    }
    m_traces->refresh();
    connect(this, &QTabWidget::currentChanged, this, [this] {
        if (currentWidget() == m_queues)
            m_queues->refresh();
        else if (currentWidget() == m_health)
            m_health->refresh();
        else if (currentWidget() == m_calibration)
            m_calibration->refresh();
        else if (m_people && currentWidget() == m_people)
            m_people->refresh();
    });
}

} // namespace assay::app
