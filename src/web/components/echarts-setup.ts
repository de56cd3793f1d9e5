// The parts of Apache ECharts the app draws with (bars, lines, SVG), registered once. Loaded on
// demand by the chart component, so tables and numbers render before the chart library arrives.

import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init };
