// Draws a report with the ECharts that Vizor.ECharts serves. Options arrive as JSON and are read with JSON.parse: the
// site's Content-Security-Policy allows no eval, which Vizor's own binding needs. A click on a data item is handed to .NET.
window.platformCharts = {
    draw(element, optionJson, dotnet) {
        const chart = echarts.getInstanceByDom(element) || echarts.init(element);
        chart.setOption(JSON.parse(optionJson), true);
        chart.off('click');
        chart.on('click', item => dotnet.invokeMethodAsync('Clicked', item.dataIndex ?? -1));
        if (!element.platformResize) {
            element.platformResize = new ResizeObserver(() => chart.resize());
            element.platformResize.observe(element);
        }
    },
    dispose(element) {
        element.platformResize?.disconnect();
        echarts.getInstanceByDom(element)?.dispose();
    }
};
