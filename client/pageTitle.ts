// The tab's title follows the view's heading, in the interface language: a trainer with the lobby, a drill
// and the editor open can tell the tabs apart.
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => { document.title = title; }, [title]);
}
