/**
 * Co-editing in the graph: cell versions (scripts' `ifVersion`), comment threads on cells, and
 * notebook history (snapshots, diff, restore). Extensions of the types in schema.ts, joined to them
 * in index.ts. docs/notebook.md describes the live document these sit beside.
 */
export const collabTypeDefs = /* GraphQL */ `
extend type Cell {
  """
  1 when the cell is created, +1 on every change of its type or spec (moves do not count). Pass it as
  updateCell's ifVersion so a stale write is refused with CONFLICT instead of overwriting.
  """
  version: Int!
  """Comment threads on this cell, oldest first (only the unresolved ones with open: true)."""
  comments(open: Boolean = false): [CommentThread!]!
}

extend type Notebook {
  """History: snapshots of the cells (by hand, automatic while people edit, after a restore), newest first."""
  versions: [NotebookVersion!]!
  """Comment threads of all its cells, oldest first (only the unresolved ones with open: true)."""
  commentThreads(open: Boolean = false): [CommentThread!]!
}

"""Who wrote a comment or a version (id is null for several people or no account)."""
type Author {
  id: ID
  name: String!
}

"""A discussion on one cell: opened by its first comment, then replies; resolved or open."""
type CommentThread {
  id: ID!
  notebookId: ID!
  cellId: ID!
  resolved: Boolean!
  resolvedAt: DateTime
  """Name of who resolved it."""
  resolvedBy: String
  createdAt: DateTime!
  """Last reply, resolve or reopen."""
  updatedAt: DateTime!
  """Oldest first; the first one opened the thread."""
  comments: [Comment!]!
}

type Comment {
  id: ID!
  author: Author!
  body: String!
  createdAt: DateTime!
}

enum NotebookVersionKind {
  """Taken with snapshotNotebook."""
  MANUAL
  """Taken while people edit (at most one per interval, only when the cells changed)."""
  AUTO
  """Taken right after restoreNotebookVersion."""
  RESTORE
}

"""A snapshot of a notebook's cells. Versions are only ever added: a restore is a new change."""
type NotebookVersion {
  id: ID!
  notebookId: ID!
  """1, 2, 3… per notebook."""
  number: Int!
  kind: NotebookVersionKind!
  label: String
  """Who made the change it holds (for AUTO: everyone who edited since the previous one)."""
  author: Author
  createdAt: DateTime!
  """The cells at that moment, in order."""
  cells: [VersionCell!]!
}

"""A cell as a version holds it."""
type VersionCell {
  id: ID!
  type: String!
  spec: JSON!
}

type CellChange {
  id: ID!
  before: VersionCell!
  after: VersionCell!
  typeChanged: Boolean!
  """Spec keys added, removed or given another value."""
  keys: [String!]!
}

"""What changed from one version to another (or to the notebook as it is now)."""
type NotebookDiff {
  from: NotebookVersion!
  """Null when compared with the notebook as it is now."""
  to: NotebookVersion
  added: [VersionCell!]!
  removed: [VersionCell!]!
  changed: [CellChange!]!
  """Cells kept whose place among the others changed."""
  moved: [ID!]!
}

extend type Query {
  notebookVersion(id: ID!): NotebookVersion
  """Cells added, removed, changed and moved from version from to version to (default: the notebook now)."""
  notebookDiff(from: ID!, to: ID): NotebookDiff!
}

extend type Mutation {
  """Opens a thread on the cell with its first comment."""
  addComment(cellId: ID!, body: String!): CommentThread!
  replyToComment(threadId: ID!, body: String!): CommentThread!
  resolveComment(threadId: ID!): CommentThread!
  reopenComment(threadId: ID!): CommentThread!
  """Records the notebook's cells now as a new version."""
  snapshotNotebook(id: ID!, label: String): NotebookVersion!
  """
  Makes the notebook's cells what the version holds, as a new change every open editor receives
  (history is never rewritten), and records the result as a new RESTORE version, which it returns.
  """
  restoreNotebookVersion(id: ID!): NotebookVersion!
}

extend type Subscription {
  """Every comment thread of the notebook that is opened, replied to, resolved or reopened."""
  commentThreadChanged(notebookId: ID!): CommentThread!
}
`;
