import type { ServiceIconName } from '$shared/icons';
import { say } from '$shared/staff-words';

/**
 * What each of the kiosk's procedure icons pictures. Typed by the kiosk's own list, so an icon added there
 * without a label here does not compile. The kiosk shows a plain mark for any other name, so the admin picks from
 * this list rather than typing one.
 */
const t = say.setup.services.icons;
const labels: Record<ServiceIconName, string> = {
  'file-text': t.fileText(),
  landmark: t.landmark(),
  stamp: t.stamp(),
  'id-card': t.idCard(),
  house: t.house(),
  truck: t.truck(),
  baby: t.baby(),
  users: t.users(),
  'heart-pulse': t.heartPulse(),
  receipt: t.receipt(),
  'key-round': t.keyRound(),
  'map-pin': t.mapPin(),
  'help-circle': t.helpCircle(),
};

export const kioskIcons = Object.entries(labels).map(([name, label]) => ({ name, label }));
