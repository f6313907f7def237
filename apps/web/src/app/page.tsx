import { NotebookList } from '../notebook/notebook-list';

export default function HomePage() {
  return <NotebookList />;
}
