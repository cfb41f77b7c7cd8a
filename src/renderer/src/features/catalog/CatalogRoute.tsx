import { useNavigate } from '@tanstack/react-router';
import { CatalogScreen } from './CatalogScreen';

export function CatalogRoute() {
  const navigate = useNavigate();
  return <CatalogScreen onChat={(modelId) => void navigate({ to: '/chat', search: { model: modelId } })} />;
}
