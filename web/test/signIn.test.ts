import { describe, expect, it } from 'vitest';
import { developmentRoles } from '../src/console/signIn';

describe('developmentRoles', () => {
  it('always gives the role agent, as Entra ID does to every assigned agent', () => {
    expect(developmentRoles([])).toEqual(['agent']);
    expect(developmentRoles(['supervisor', 'admin'])).toEqual(['agent', 'supervisor', 'admin']);
    expect(developmentRoles(['agent', 'admin'])).toEqual(['agent', 'admin']);
  });
});
