'use client';
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { errorText } from '../cells/shared/notice';
import { ME, type MeData } from './queries';

/** The signed-in person (stable object while id and name stay the same), or why it is unknown. */
export function useCurrentUser(): { user: MeData | null; error: string | null } {
  const { data, error } = useQuery(ME, { fetchPolicy: 'cache-first' });
  const id = data?.me.id;
  const name = data?.me.name;
  const user = useMemo(() => (id !== undefined && name !== undefined ? { id, name } : null), [id, name]);
  return { user, error: error ? errorText(error) : null };
}
