#pragma once

// The projects a lead can open in the traces page, by name, read from GET /sessions page by page
// (projects are few: every page is read, at most kMaxProjects). reload() replaces the rows in place.

#include "api/apiclient.h"
#include "core/uuid.h"
#include "keyedlistmodel.h"

namespace assay::client {

struct ProjectRow {
    Uuid id;
    QString name;
    QString description;
    friend bool operator==(const ProjectRow &, const ProjectRow &) = default;
};

class ProjectListModel : public KeyedListModel<ProjectRow, Uuid> {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, DescriptionRole };
    static constexpr int kMaxProjects = 10000;

    explicit ProjectListModel(ApiClient &api, QObject *parent = nullptr);
    // Reads every page again; loaded() or failed() says when it is done.
    void reload();

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void failed(const QString &message);

protected:
    Uuid keyOf(const ProjectRow &row) const override { return row.id; }

private:
    ApiClient &m_api;
    quint64 m_generation = 0;
};

} // namespace assay::client
