#pragma once

// A local store with one cached queue (the seed's rubric, version 3) and five items checked out to me,
// for the client tests that need a store but no server. Items carry real RAG runs when `withRuns`.

#include "store/localstore.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace assay::client::test {

Rubric seedRubric();

class CachedStoreTest : public ::testing::Test {
protected:
    void SetUp() override;
    // A complete answer to `run` under the rubric's version.
    Annotation answer(const Uuid &run);

    bool withRuns = false; // set before SetUp runs (in the derived fixture's constructor)
    QTemporaryDir dir;
    std::unique_ptr<LocalStore> store;
    Uuid queueId = Uuid::v7();
    QList<Uuid> runs;
};

} // namespace assay::client::test
