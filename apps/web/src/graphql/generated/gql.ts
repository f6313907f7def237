/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {\n    compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {\n      runs {\n        id\n        name\n      }\n      metrics {\n        key\n        steps\n        series {\n          runId\n          values\n        }\n      }\n      groups {\n        key\n        runIds\n      }\n    }\n  }\n": typeof types.MetricComparisonDocument,
    "\n  query RunPrototypes($filter: RunFilter, $withActivation: Boolean!) {\n    runs(filter: $filter, first: 8) {\n      edges {\n        node {\n          id\n          name\n          prototypes {\n            id\n            index\n            classIndex\n            className\n            pushStep\n            patchUrl\n            distance\n            sourceImage {\n              id\n              url\n              width\n              height\n            }\n            receptiveField {\n              x\n              y\n              width\n              height\n            }\n            highActivation {\n              x\n              y\n              width\n              height\n            }\n            nearestPatches {\n              imageId\n              classIndex\n              distance\n              patchUrl\n            }\n            activationMap(maxSize: 32) @include(if: $withActivation) {\n              width\n              height\n              values\n              min\n              max\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunPrototypesDocument,
    "\n  query RunDiff($ids: [ID!]!) {\n    compareRuns(ids: $ids, metrics: []) {\n      runs {\n        id\n        name\n        latestMetrics {\n          key\n          point {\n            value\n          }\n        }\n      }\n      configDiff {\n        key\n        values\n      }\n    }\n  }\n": typeof types.RunDiffDocument,
    "\n  query RunSaliency($filter: RunFilter, $methods: [String!]) {\n    runs(filter: $filter, first: 20) {\n      edges {\n        node {\n          id\n          name\n          saliencyMaps(methods: $methods) {\n            id\n            imageId\n            method\n            target\n            targetName\n            params\n            url\n            image {\n              id\n              url\n              labelName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunSaliencyDocument,
    "\n  query RunEvaluations($filter: RunFilter, $name: String) {\n    runs(filter: $filter, first: 50) {\n      edges {\n        node {\n          id\n          name\n          dataset {\n            classes\n          }\n          evaluations(name: $name) {\n            id\n            name\n            split\n            step\n            createdAt\n            metrics\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunEvaluationsDocument,
    "\n  query RunRows($filter: RunFilter, $first: Int) {\n    runs(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          method\n          status\n          seed\n          datasetId\n          createdAt\n          tags\n          params\n          latestMetrics {\n            key\n            point {\n              value\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunRowsDocument,
    "\n  fragment SweepTrialFields on SweepTrial {\n    index\n    state\n    rung\n    epochs\n    params\n    value\n    run {\n      id\n      name\n    }\n  }\n": typeof types.SweepTrialFieldsFragmentDoc,
    "\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      state\n      strategy\n      method\n      datasetId\n      metric\n      mode\n      parameters\n      rungs\n      error\n      progress {\n        total\n        queued\n        running\n        done\n        stopped\n        failed\n      }\n      trials {\n        ...SweepTrialFields\n      }\n      bestTrial {\n        ...SweepTrialFields\n      }\n    }\n  }\n": typeof types.SweepDocument,
    "\n  query SweepList {\n    sweeps(first: 50) {\n      id\n      name\n      state\n      strategy\n      method\n    }\n  }\n": typeof types.SweepListDocument,
    "\n  mutation CreateSweep($input: CreateSweepInput!) {\n    createSweep(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateSweepDocument,
    "\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      state\n    }\n  }\n": typeof types.CancelSweepDocument,
    "\n  query PairedImages($runId: ID!, $method: String!) {\n    run(id: $runId) {\n      id\n      name\n      saliencyMaps(methods: [$method]) {\n        imageId\n        pairedImageId\n        view\n      }\n    }\n  }\n": typeof types.PairedImagesDocument,
    "\n  query PairMaps($runId: ID!, $first: ID!, $second: ID!) {\n    run(id: $runId) {\n      onFirst: saliencyMaps(imageId: $first) {\n        ...PairMap\n      }\n      onSecond: saliencyMaps(imageId: $second) {\n        ...PairMap\n      }\n    }\n  }\n\n  fragment PairMap on SaliencyMap {\n    id\n    imageId\n    pairedImageId\n    view\n    method\n    kind\n    query {\n      x\n      y\n    }\n    width\n    height\n    targetName\n    url\n    metrics\n    image {\n      id\n      url\n      labelName\n    }\n  }\n": typeof types.PairMapsDocument,
    "\n  query Me {\n    me {\n      id\n      name\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment CommentThreadFields on CommentThread {\n    id\n    cellId\n    resolved\n    resolvedBy\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        name\n      }\n      body\n      createdAt\n    }\n  }\n": typeof types.CommentThreadFieldsFragmentDoc,
    "\n  query NotebookCommentThreads($id: ID!) {\n    notebook(id: $id) {\n      id\n      commentThreads {\n        ...CommentThreadFields\n      }\n    }\n  }\n": typeof types.NotebookCommentThreadsDocument,
    "\n  mutation AddComment($cellId: ID!, $body: String!) {\n    addComment(cellId: $cellId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n": typeof types.AddCommentDocument,
    "\n  mutation ReplyToComment($threadId: ID!, $body: String!) {\n    replyToComment(threadId: $threadId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n": typeof types.ReplyToCommentDocument,
    "\n  mutation ResolveComment($threadId: ID!) {\n    resolveComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n": typeof types.ResolveCommentDocument,
    "\n  mutation ReopenComment($threadId: ID!) {\n    reopenComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n": typeof types.ReopenCommentDocument,
    "\n  fragment NotebookVersionFields on NotebookVersion {\n    id\n    number\n    kind\n    label\n    author {\n      name\n    }\n    createdAt\n  }\n": typeof types.NotebookVersionFieldsFragmentDoc,
    "\n  query NotebookVersions($id: ID!) {\n    notebook(id: $id) {\n      id\n      versions {\n        ...NotebookVersionFields\n      }\n    }\n  }\n": typeof types.NotebookVersionsDocument,
    "\n  query NotebookVersionCells($id: ID!) {\n    notebookVersion(id: $id) {\n      ...NotebookVersionFields\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n": typeof types.NotebookVersionCellsDocument,
    "\n  mutation SnapshotNotebook($notebookId: ID!, $label: String) {\n    snapshotNotebook(id: $notebookId, label: $label) {\n      ...NotebookVersionFields\n    }\n  }\n": typeof types.SnapshotNotebookDocument,
    "\n  mutation RestoreNotebookVersion($versionId: ID!) {\n    restoreNotebookVersion(id: $versionId) {\n      ...NotebookVersionFields\n    }\n  }\n": typeof types.RestoreNotebookVersionDocument,
    "\n  query Notebooks {\n    notebooks {\n      id\n      title\n      updatedAt\n      cells {\n        id\n      }\n    }\n  }\n": typeof types.NotebooksDocument,
    "\n  query Notebook($id: ID!) {\n    notebook(id: $id) {\n      id\n      title\n      updatedAt\n      access\n      # The stored cells: shown read-only until the live document has synced.\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n": typeof types.NotebookDocument,
    "\n  mutation CreateNotebook($title: String!) {\n    createNotebook(title: $title) {\n      id\n      title\n    }\n  }\n": typeof types.CreateNotebookDocument,
    "\n  mutation RenameNotebook($id: ID!, $title: String!) {\n    updateNotebook(id: $id, title: $title) {\n      id\n      title\n    }\n  }\n": typeof types.RenameNotebookDocument,
    "\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      id\n      name\n      method\n      datasetId\n      dataset {\n        id\n        name\n        classes\n      }\n      params\n      seed\n      backend\n      status\n      error\n      gitCommit\n      tags\n      parent {\n        id\n        name\n      }\n      resumeOf {\n        id\n        name\n      }\n      createdAt\n      startedAt\n      finishedAt\n      metricKeys\n      latestMetrics {\n        key\n        point {\n          step\n          epoch\n          value\n          valueText\n          time\n        }\n      }\n      evaluations {\n        id\n        name\n        method\n        split\n        step\n        createdAt\n        metrics\n      }\n      prototypePushes {\n        step\n        epoch\n        count\n      }\n    }\n  }\n": typeof types.RunPageDocument,
    "\n  query RunSweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      strategy\n      metric\n      mode\n      state\n      trials {\n        index\n        state\n        rung\n        epochs\n        value\n        run {\n          id\n        }\n      }\n      bestTrial {\n        run {\n          id\n        }\n      }\n    }\n  }\n": typeof types.RunSweepDocument,
    "\n  query TrainingChoices {\n    datasets {\n      id\n      name\n      imageCount\n    }\n    methods {\n      id\n      title\n      inputs\n      defaults\n      defaultsNote\n    }\n  }\n": typeof types.TrainingChoicesDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n": typeof types.StartRunDocument,
    "\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n": typeof types.JobUpdatedDocument,
    "\n  subscription RunProgress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      initial\n      metrics {\n        key\n        points {\n          step\n          value\n        }\n      }\n    }\n  }\n": typeof types.RunProgressDocument,
};
const documents: Documents = {
    "\n  query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {\n    compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {\n      runs {\n        id\n        name\n      }\n      metrics {\n        key\n        steps\n        series {\n          runId\n          values\n        }\n      }\n      groups {\n        key\n        runIds\n      }\n    }\n  }\n": types.MetricComparisonDocument,
    "\n  query RunPrototypes($filter: RunFilter, $withActivation: Boolean!) {\n    runs(filter: $filter, first: 8) {\n      edges {\n        node {\n          id\n          name\n          prototypes {\n            id\n            index\n            classIndex\n            className\n            pushStep\n            patchUrl\n            distance\n            sourceImage {\n              id\n              url\n              width\n              height\n            }\n            receptiveField {\n              x\n              y\n              width\n              height\n            }\n            highActivation {\n              x\n              y\n              width\n              height\n            }\n            nearestPatches {\n              imageId\n              classIndex\n              distance\n              patchUrl\n            }\n            activationMap(maxSize: 32) @include(if: $withActivation) {\n              width\n              height\n              values\n              min\n              max\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RunPrototypesDocument,
    "\n  query RunDiff($ids: [ID!]!) {\n    compareRuns(ids: $ids, metrics: []) {\n      runs {\n        id\n        name\n        latestMetrics {\n          key\n          point {\n            value\n          }\n        }\n      }\n      configDiff {\n        key\n        values\n      }\n    }\n  }\n": types.RunDiffDocument,
    "\n  query RunSaliency($filter: RunFilter, $methods: [String!]) {\n    runs(filter: $filter, first: 20) {\n      edges {\n        node {\n          id\n          name\n          saliencyMaps(methods: $methods) {\n            id\n            imageId\n            method\n            target\n            targetName\n            params\n            url\n            image {\n              id\n              url\n              labelName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RunSaliencyDocument,
    "\n  query RunEvaluations($filter: RunFilter, $name: String) {\n    runs(filter: $filter, first: 50) {\n      edges {\n        node {\n          id\n          name\n          dataset {\n            classes\n          }\n          evaluations(name: $name) {\n            id\n            name\n            split\n            step\n            createdAt\n            metrics\n          }\n        }\n      }\n    }\n  }\n": types.RunEvaluationsDocument,
    "\n  query RunRows($filter: RunFilter, $first: Int) {\n    runs(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          method\n          status\n          seed\n          datasetId\n          createdAt\n          tags\n          params\n          latestMetrics {\n            key\n            point {\n              value\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RunRowsDocument,
    "\n  fragment SweepTrialFields on SweepTrial {\n    index\n    state\n    rung\n    epochs\n    params\n    value\n    run {\n      id\n      name\n    }\n  }\n": types.SweepTrialFieldsFragmentDoc,
    "\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      state\n      strategy\n      method\n      datasetId\n      metric\n      mode\n      parameters\n      rungs\n      error\n      progress {\n        total\n        queued\n        running\n        done\n        stopped\n        failed\n      }\n      trials {\n        ...SweepTrialFields\n      }\n      bestTrial {\n        ...SweepTrialFields\n      }\n    }\n  }\n": types.SweepDocument,
    "\n  query SweepList {\n    sweeps(first: 50) {\n      id\n      name\n      state\n      strategy\n      method\n    }\n  }\n": types.SweepListDocument,
    "\n  mutation CreateSweep($input: CreateSweepInput!) {\n    createSweep(input: $input) {\n      id\n    }\n  }\n": types.CreateSweepDocument,
    "\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      state\n    }\n  }\n": types.CancelSweepDocument,
    "\n  query PairedImages($runId: ID!, $method: String!) {\n    run(id: $runId) {\n      id\n      name\n      saliencyMaps(methods: [$method]) {\n        imageId\n        pairedImageId\n        view\n      }\n    }\n  }\n": types.PairedImagesDocument,
    "\n  query PairMaps($runId: ID!, $first: ID!, $second: ID!) {\n    run(id: $runId) {\n      onFirst: saliencyMaps(imageId: $first) {\n        ...PairMap\n      }\n      onSecond: saliencyMaps(imageId: $second) {\n        ...PairMap\n      }\n    }\n  }\n\n  fragment PairMap on SaliencyMap {\n    id\n    imageId\n    pairedImageId\n    view\n    method\n    kind\n    query {\n      x\n      y\n    }\n    width\n    height\n    targetName\n    url\n    metrics\n    image {\n      id\n      url\n      labelName\n    }\n  }\n": types.PairMapsDocument,
    "\n  query Me {\n    me {\n      id\n      name\n    }\n  }\n": types.MeDocument,
    "\n  fragment CommentThreadFields on CommentThread {\n    id\n    cellId\n    resolved\n    resolvedBy\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        name\n      }\n      body\n      createdAt\n    }\n  }\n": types.CommentThreadFieldsFragmentDoc,
    "\n  query NotebookCommentThreads($id: ID!) {\n    notebook(id: $id) {\n      id\n      commentThreads {\n        ...CommentThreadFields\n      }\n    }\n  }\n": types.NotebookCommentThreadsDocument,
    "\n  mutation AddComment($cellId: ID!, $body: String!) {\n    addComment(cellId: $cellId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n": types.AddCommentDocument,
    "\n  mutation ReplyToComment($threadId: ID!, $body: String!) {\n    replyToComment(threadId: $threadId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n": types.ReplyToCommentDocument,
    "\n  mutation ResolveComment($threadId: ID!) {\n    resolveComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n": types.ResolveCommentDocument,
    "\n  mutation ReopenComment($threadId: ID!) {\n    reopenComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n": types.ReopenCommentDocument,
    "\n  fragment NotebookVersionFields on NotebookVersion {\n    id\n    number\n    kind\n    label\n    author {\n      name\n    }\n    createdAt\n  }\n": types.NotebookVersionFieldsFragmentDoc,
    "\n  query NotebookVersions($id: ID!) {\n    notebook(id: $id) {\n      id\n      versions {\n        ...NotebookVersionFields\n      }\n    }\n  }\n": types.NotebookVersionsDocument,
    "\n  query NotebookVersionCells($id: ID!) {\n    notebookVersion(id: $id) {\n      ...NotebookVersionFields\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n": types.NotebookVersionCellsDocument,
    "\n  mutation SnapshotNotebook($notebookId: ID!, $label: String) {\n    snapshotNotebook(id: $notebookId, label: $label) {\n      ...NotebookVersionFields\n    }\n  }\n": types.SnapshotNotebookDocument,
    "\n  mutation RestoreNotebookVersion($versionId: ID!) {\n    restoreNotebookVersion(id: $versionId) {\n      ...NotebookVersionFields\n    }\n  }\n": types.RestoreNotebookVersionDocument,
    "\n  query Notebooks {\n    notebooks {\n      id\n      title\n      updatedAt\n      cells {\n        id\n      }\n    }\n  }\n": types.NotebooksDocument,
    "\n  query Notebook($id: ID!) {\n    notebook(id: $id) {\n      id\n      title\n      updatedAt\n      access\n      # The stored cells: shown read-only until the live document has synced.\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n": types.NotebookDocument,
    "\n  mutation CreateNotebook($title: String!) {\n    createNotebook(title: $title) {\n      id\n      title\n    }\n  }\n": types.CreateNotebookDocument,
    "\n  mutation RenameNotebook($id: ID!, $title: String!) {\n    updateNotebook(id: $id, title: $title) {\n      id\n      title\n    }\n  }\n": types.RenameNotebookDocument,
    "\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      id\n      name\n      method\n      datasetId\n      dataset {\n        id\n        name\n        classes\n      }\n      params\n      seed\n      backend\n      status\n      error\n      gitCommit\n      tags\n      parent {\n        id\n        name\n      }\n      resumeOf {\n        id\n        name\n      }\n      createdAt\n      startedAt\n      finishedAt\n      metricKeys\n      latestMetrics {\n        key\n        point {\n          step\n          epoch\n          value\n          valueText\n          time\n        }\n      }\n      evaluations {\n        id\n        name\n        method\n        split\n        step\n        createdAt\n        metrics\n      }\n      prototypePushes {\n        step\n        epoch\n        count\n      }\n    }\n  }\n": types.RunPageDocument,
    "\n  query RunSweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      strategy\n      metric\n      mode\n      state\n      trials {\n        index\n        state\n        rung\n        epochs\n        value\n        run {\n          id\n        }\n      }\n      bestTrial {\n        run {\n          id\n        }\n      }\n    }\n  }\n": types.RunSweepDocument,
    "\n  query TrainingChoices {\n    datasets {\n      id\n      name\n      imageCount\n    }\n    methods {\n      id\n      title\n      inputs\n      defaults\n      defaultsNote\n    }\n  }\n": types.TrainingChoicesDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n": types.StartRunDocument,
    "\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n": types.JobUpdatedDocument,
    "\n  subscription RunProgress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      initial\n      metrics {\n        key\n        points {\n          step\n          value\n        }\n      }\n    }\n  }\n": types.RunProgressDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {\n    compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {\n      runs {\n        id\n        name\n      }\n      metrics {\n        key\n        steps\n        series {\n          runId\n          values\n        }\n      }\n      groups {\n        key\n        runIds\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {\n    compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {\n      runs {\n        id\n        name\n      }\n      metrics {\n        key\n        steps\n        series {\n          runId\n          values\n        }\n      }\n      groups {\n        key\n        runIds\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunPrototypes($filter: RunFilter, $withActivation: Boolean!) {\n    runs(filter: $filter, first: 8) {\n      edges {\n        node {\n          id\n          name\n          prototypes {\n            id\n            index\n            classIndex\n            className\n            pushStep\n            patchUrl\n            distance\n            sourceImage {\n              id\n              url\n              width\n              height\n            }\n            receptiveField {\n              x\n              y\n              width\n              height\n            }\n            highActivation {\n              x\n              y\n              width\n              height\n            }\n            nearestPatches {\n              imageId\n              classIndex\n              distance\n              patchUrl\n            }\n            activationMap(maxSize: 32) @include(if: $withActivation) {\n              width\n              height\n              values\n              min\n              max\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunPrototypes($filter: RunFilter, $withActivation: Boolean!) {\n    runs(filter: $filter, first: 8) {\n      edges {\n        node {\n          id\n          name\n          prototypes {\n            id\n            index\n            classIndex\n            className\n            pushStep\n            patchUrl\n            distance\n            sourceImage {\n              id\n              url\n              width\n              height\n            }\n            receptiveField {\n              x\n              y\n              width\n              height\n            }\n            highActivation {\n              x\n              y\n              width\n              height\n            }\n            nearestPatches {\n              imageId\n              classIndex\n              distance\n              patchUrl\n            }\n            activationMap(maxSize: 32) @include(if: $withActivation) {\n              width\n              height\n              values\n              min\n              max\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDiff($ids: [ID!]!) {\n    compareRuns(ids: $ids, metrics: []) {\n      runs {\n        id\n        name\n        latestMetrics {\n          key\n          point {\n            value\n          }\n        }\n      }\n      configDiff {\n        key\n        values\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunDiff($ids: [ID!]!) {\n    compareRuns(ids: $ids, metrics: []) {\n      runs {\n        id\n        name\n        latestMetrics {\n          key\n          point {\n            value\n          }\n        }\n      }\n      configDiff {\n        key\n        values\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunSaliency($filter: RunFilter, $methods: [String!]) {\n    runs(filter: $filter, first: 20) {\n      edges {\n        node {\n          id\n          name\n          saliencyMaps(methods: $methods) {\n            id\n            imageId\n            method\n            target\n            targetName\n            params\n            url\n            image {\n              id\n              url\n              labelName\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunSaliency($filter: RunFilter, $methods: [String!]) {\n    runs(filter: $filter, first: 20) {\n      edges {\n        node {\n          id\n          name\n          saliencyMaps(methods: $methods) {\n            id\n            imageId\n            method\n            target\n            targetName\n            params\n            url\n            image {\n              id\n              url\n              labelName\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunEvaluations($filter: RunFilter, $name: String) {\n    runs(filter: $filter, first: 50) {\n      edges {\n        node {\n          id\n          name\n          dataset {\n            classes\n          }\n          evaluations(name: $name) {\n            id\n            name\n            split\n            step\n            createdAt\n            metrics\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunEvaluations($filter: RunFilter, $name: String) {\n    runs(filter: $filter, first: 50) {\n      edges {\n        node {\n          id\n          name\n          dataset {\n            classes\n          }\n          evaluations(name: $name) {\n            id\n            name\n            split\n            step\n            createdAt\n            metrics\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunRows($filter: RunFilter, $first: Int) {\n    runs(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          method\n          status\n          seed\n          datasetId\n          createdAt\n          tags\n          params\n          latestMetrics {\n            key\n            point {\n              value\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunRows($filter: RunFilter, $first: Int) {\n    runs(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          method\n          status\n          seed\n          datasetId\n          createdAt\n          tags\n          params\n          latestMetrics {\n            key\n            point {\n              value\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SweepTrialFields on SweepTrial {\n    index\n    state\n    rung\n    epochs\n    params\n    value\n    run {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment SweepTrialFields on SweepTrial {\n    index\n    state\n    rung\n    epochs\n    params\n    value\n    run {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      state\n      strategy\n      method\n      datasetId\n      metric\n      mode\n      parameters\n      rungs\n      error\n      progress {\n        total\n        queued\n        running\n        done\n        stopped\n        failed\n      }\n      trials {\n        ...SweepTrialFields\n      }\n      bestTrial {\n        ...SweepTrialFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      state\n      strategy\n      method\n      datasetId\n      metric\n      mode\n      parameters\n      rungs\n      error\n      progress {\n        total\n        queued\n        running\n        done\n        stopped\n        failed\n      }\n      trials {\n        ...SweepTrialFields\n      }\n      bestTrial {\n        ...SweepTrialFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SweepList {\n    sweeps(first: 50) {\n      id\n      name\n      state\n      strategy\n      method\n    }\n  }\n"): (typeof documents)["\n  query SweepList {\n    sweeps(first: 50) {\n      id\n      name\n      state\n      strategy\n      method\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSweep($input: CreateSweepInput!) {\n    createSweep(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSweep($input: CreateSweepInput!) {\n    createSweep(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PairedImages($runId: ID!, $method: String!) {\n    run(id: $runId) {\n      id\n      name\n      saliencyMaps(methods: [$method]) {\n        imageId\n        pairedImageId\n        view\n      }\n    }\n  }\n"): (typeof documents)["\n  query PairedImages($runId: ID!, $method: String!) {\n    run(id: $runId) {\n      id\n      name\n      saliencyMaps(methods: [$method]) {\n        imageId\n        pairedImageId\n        view\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PairMaps($runId: ID!, $first: ID!, $second: ID!) {\n    run(id: $runId) {\n      onFirst: saliencyMaps(imageId: $first) {\n        ...PairMap\n      }\n      onSecond: saliencyMaps(imageId: $second) {\n        ...PairMap\n      }\n    }\n  }\n\n  fragment PairMap on SaliencyMap {\n    id\n    imageId\n    pairedImageId\n    view\n    method\n    kind\n    query {\n      x\n      y\n    }\n    width\n    height\n    targetName\n    url\n    metrics\n    image {\n      id\n      url\n      labelName\n    }\n  }\n"): (typeof documents)["\n  query PairMaps($runId: ID!, $first: ID!, $second: ID!) {\n    run(id: $runId) {\n      onFirst: saliencyMaps(imageId: $first) {\n        ...PairMap\n      }\n      onSecond: saliencyMaps(imageId: $second) {\n        ...PairMap\n      }\n    }\n  }\n\n  fragment PairMap on SaliencyMap {\n    id\n    imageId\n    pairedImageId\n    view\n    method\n    kind\n    query {\n      x\n      y\n    }\n    width\n    height\n    targetName\n    url\n    metrics\n    image {\n      id\n      url\n      labelName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CommentThreadFields on CommentThread {\n    id\n    cellId\n    resolved\n    resolvedBy\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        name\n      }\n      body\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment CommentThreadFields on CommentThread {\n    id\n    cellId\n    resolved\n    resolvedBy\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        name\n      }\n      body\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotebookCommentThreads($id: ID!) {\n    notebook(id: $id) {\n      id\n      commentThreads {\n        ...CommentThreadFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query NotebookCommentThreads($id: ID!) {\n    notebook(id: $id) {\n      id\n      commentThreads {\n        ...CommentThreadFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddComment($cellId: ID!, $body: String!) {\n    addComment(cellId: $cellId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddComment($cellId: ID!, $body: String!) {\n    addComment(cellId: $cellId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyToComment($threadId: ID!, $body: String!) {\n    replyToComment(threadId: $threadId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReplyToComment($threadId: ID!, $body: String!) {\n    replyToComment(threadId: $threadId, body: $body) {\n      ...CommentThreadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveComment($threadId: ID!) {\n    resolveComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n"): (typeof documents)["\n  mutation ResolveComment($threadId: ID!) {\n    resolveComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenComment($threadId: ID!) {\n    reopenComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReopenComment($threadId: ID!) {\n    reopenComment(threadId: $threadId) {\n      ...CommentThreadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotebookVersionFields on NotebookVersion {\n    id\n    number\n    kind\n    label\n    author {\n      name\n    }\n    createdAt\n  }\n"): (typeof documents)["\n  fragment NotebookVersionFields on NotebookVersion {\n    id\n    number\n    kind\n    label\n    author {\n      name\n    }\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotebookVersions($id: ID!) {\n    notebook(id: $id) {\n      id\n      versions {\n        ...NotebookVersionFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query NotebookVersions($id: ID!) {\n    notebook(id: $id) {\n      id\n      versions {\n        ...NotebookVersionFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotebookVersionCells($id: ID!) {\n    notebookVersion(id: $id) {\n      ...NotebookVersionFields\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n"): (typeof documents)["\n  query NotebookVersionCells($id: ID!) {\n    notebookVersion(id: $id) {\n      ...NotebookVersionFields\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SnapshotNotebook($notebookId: ID!, $label: String) {\n    snapshotNotebook(id: $notebookId, label: $label) {\n      ...NotebookVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SnapshotNotebook($notebookId: ID!, $label: String) {\n    snapshotNotebook(id: $notebookId, label: $label) {\n      ...NotebookVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreNotebookVersion($versionId: ID!) {\n    restoreNotebookVersion(id: $versionId) {\n      ...NotebookVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreNotebookVersion($versionId: ID!) {\n    restoreNotebookVersion(id: $versionId) {\n      ...NotebookVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notebooks {\n    notebooks {\n      id\n      title\n      updatedAt\n      cells {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notebooks {\n    notebooks {\n      id\n      title\n      updatedAt\n      cells {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notebook($id: ID!) {\n    notebook(id: $id) {\n      id\n      title\n      updatedAt\n      access\n      # The stored cells: shown read-only until the live document has synced.\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notebook($id: ID!) {\n    notebook(id: $id) {\n      id\n      title\n      updatedAt\n      access\n      # The stored cells: shown read-only until the live document has synced.\n      cells {\n        id\n        type\n        spec\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNotebook($title: String!) {\n    createNotebook(title: $title) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation CreateNotebook($title: String!) {\n    createNotebook(title: $title) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameNotebook($id: ID!, $title: String!) {\n    updateNotebook(id: $id, title: $title) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation RenameNotebook($id: ID!, $title: String!) {\n    updateNotebook(id: $id, title: $title) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      id\n      name\n      method\n      datasetId\n      dataset {\n        id\n        name\n        classes\n      }\n      params\n      seed\n      backend\n      status\n      error\n      gitCommit\n      tags\n      parent {\n        id\n        name\n      }\n      resumeOf {\n        id\n        name\n      }\n      createdAt\n      startedAt\n      finishedAt\n      metricKeys\n      latestMetrics {\n        key\n        point {\n          step\n          epoch\n          value\n          valueText\n          time\n        }\n      }\n      evaluations {\n        id\n        name\n        method\n        split\n        step\n        createdAt\n        metrics\n      }\n      prototypePushes {\n        step\n        epoch\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      id\n      name\n      method\n      datasetId\n      dataset {\n        id\n        name\n        classes\n      }\n      params\n      seed\n      backend\n      status\n      error\n      gitCommit\n      tags\n      parent {\n        id\n        name\n      }\n      resumeOf {\n        id\n        name\n      }\n      createdAt\n      startedAt\n      finishedAt\n      metricKeys\n      latestMetrics {\n        key\n        point {\n          step\n          epoch\n          value\n          valueText\n          time\n        }\n      }\n      evaluations {\n        id\n        name\n        method\n        split\n        step\n        createdAt\n        metrics\n      }\n      prototypePushes {\n        step\n        epoch\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunSweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      strategy\n      metric\n      mode\n      state\n      trials {\n        index\n        state\n        rung\n        epochs\n        value\n        run {\n          id\n        }\n      }\n      bestTrial {\n        run {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunSweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      strategy\n      metric\n      mode\n      state\n      trials {\n        index\n        state\n        rung\n        epochs\n        value\n        run {\n          id\n        }\n      }\n      bestTrial {\n        run {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingChoices {\n    datasets {\n      id\n      name\n      imageCount\n    }\n    methods {\n      id\n      title\n      inputs\n      defaults\n      defaultsNote\n    }\n  }\n"): (typeof documents)["\n  query TrainingChoices {\n    datasets {\n      id\n      name\n      imageCount\n    }\n    methods {\n      id\n      title\n      inputs\n      defaults\n      defaultsNote\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n"): (typeof documents)["\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n"): (typeof documents)["\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      progress\n      progressMessage\n      error\n      runId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunProgress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      initial\n      metrics {\n        key\n        points {\n          step\n          value\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RunProgress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      initial\n      metrics {\n        key\n        points {\n          step\n          value\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;