import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<h1>RouterDesk</h1>);
