import type { SignInThrottle } from '../access/sign-in-throttle.js';
import type { HandlerSlice } from '../web/calls.js';
import type { Offices } from './offices.js';

export function officeHandlers(deps: {
  offices: Offices;
  throttle: SignInThrottle;
  cutLink: (officeId: string) => void;
  linksChanged: () => void;
}): HandlerSlice {
  const { offices, throttle } = deps;
  return {
    listOffices: () => offices.list(),
    createEnrolment: ({ officeId, name }) => offices.createEnrolment(officeId, name),
    async revokeOffice({ officeId }) {
      await offices.revoke(officeId);
      deps.cutLink(officeId);
      deps.linksChanged();
      return { ok: true };
    },
    async enrol({ code }, ctx) {
      // Codes cannot be guessed (32^12), but a caller trying many is slowed down like a password guesser.
      await throttle.begin('(enrolment code)', ctx.address);
      const enrolled = await offices.enrol(code);
      await throttle.succeeded('(enrolment code)', ctx.address);
      // The office's former credential ends here: a link still open with it is cut too.
      deps.cutLink(enrolled.officeId);
      return enrolled;
    },
  };
}
