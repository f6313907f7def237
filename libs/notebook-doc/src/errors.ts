/** A change the notebook document cannot take: the message names the cell, key or value at fault. */
export class NotebookDocError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookDocError';
  }
}
