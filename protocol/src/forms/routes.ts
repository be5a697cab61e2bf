/** The methods and paths of the forms endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const formsRoutes = {
  issueGuided: { method: 'POST', path: '/visits/guided' },
  formCatalogue: { method: 'GET', path: '/forms/catalogue' },
  checkForm: { method: 'POST', path: '/forms/check' },
  formAudit: { method: 'GET', path: '/visits/:visitId/forms/audit' },
  visitForms: { method: 'GET', path: '/visits/:visitId/forms' },
  updateFormField: { method: 'PUT', path: '/visits/:visitId/forms/:serviceId' },
} as const satisfies Record<string, Route>;
