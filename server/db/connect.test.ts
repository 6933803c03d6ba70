import { describe, expect, it } from 'vitest';
import { splitSocketDir } from '@/server/db/connect';

describe('splitSocketDir', () => {
  it('takes a socket directory out of the query string, keeping other parameters', () => {
    expect(splitSocketDir('postgres://u:p@localhost:5433/db?host=%2Ftmp%2Fpg%20sock&sslmode=disable')).toEqual({
      url: 'postgres://u:p@localhost:5433/db?sslmode=disable',
      socketDir: '/tmp/pg sock',
    });
    expect(splitSocketDir('postgres://u:p@localhost/db?host=/var/run/postgresql')).toEqual({
      url: 'postgres://u:p@localhost/db',
      socketDir: '/var/run/postgresql',
    });
  });

  it('leaves TCP URLs alone', () => {
    expect(splitSocketDir('postgres://u:p@db.example:5432/db')).toEqual({ url: 'postgres://u:p@db.example:5432/db', socketDir: undefined });
    expect(splitSocketDir('postgres://u:p@db/db?host=db2&ssl=true')).toEqual({ url: 'postgres://u:p@db/db?host=db2&ssl=true', socketDir: undefined });
  });
});
