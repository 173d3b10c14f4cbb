import type { District } from '../../twin-assets/districtSchema';
import { api, dataOf } from './api';

/** The district as the person may see it (residents' personal data only where their role and scope allow). */
export const fetchDistrict = (): Promise<District> => dataOf(api('getApiDistrict'));
